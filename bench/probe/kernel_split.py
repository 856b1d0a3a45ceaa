"""Where a small layer's GEMM time goes, per shape and M: the CUDA-graph µs (L2 flushed, median) of the whole op and
of cuBLAS bf16; on the wgmma path also of its GEMM launch alone (xs written beforehand, no PDL) and of its
x-permutation kernel (xperm) alone; and the per-kernel device time of every kernel gemm() launches (torch.profiler /
CUPTI, L2 flushed before each call). For the smallest tensor-parallel shards, where the wgmma path trails cuBLAS at
48-128 tokens (twenty-first session; this merges its xperm_cost.py).
    python bench/probe/kernel_split.py 4096x1024,768x4096 --ms 64,128"""
import argparse
import os
import sys
from collections import defaultdict

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import flush_l2, gemm_cases, time_graph_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402


def wgmma_parts(M, w, x, out):
    """-> {"gemm only": fn, "xperm only": fn}: the wgmma plan's two launches, each alone (xs written once first)."""
    plan = next(p for k, p in marlin._plans.items() if k[:3] == (M, w.n, w.k) and p.path == "wgmma")
    xs = torch.empty(plan.xs, dtype=x.dtype, device=x.device)
    maps = marlin._tensor_maps(w, 0, *plan.box) if plan.plain else 0
    args = (w.wq.data_ptr(), w.sc.data_ptr(), xs.data_ptr(), out.data_ptr(), 0, w.gscale.data_ptr(), M, w.n, w.k,
            w.kt, w.n16, plan.ws, plan.cnt)

    def xperm():
        plan.xperm(jit._raw_stream(0), x.data_ptr(), xs.data_ptr(), M, w.k, w.kt, plan.cfg[0], w.kt * M * 8)

    def gemm_only():
        if maps:
            plan.launch(jit._raw_stream(0), *args, maps, pdl=False)
        else:
            (plan.plain or plan.launch)(jit._raw_stream(0), *args, pdl=False)

    xperm()
    torch.cuda.synchronize()
    return {"gemm only": gemm_only, "xperm only": xperm}


def kernel_times(fn, reps):
    """-> "name median-µs ..." of the fp4 kernels fn launches, by the profiler."""
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        for _ in range(reps):
            flush_l2()
            fn()
        torch.cuda.synchronize()
    per = defaultdict(list)
    for e in prof.events():
        if e.device_type == torch.autograd.DeviceType.CUDA and "fp4" in e.name:
            per[e.name.split("(")[0][:40]].append(e.time_range.elapsed_us())
    if not per:  # (kernels not listed among the events: the profiler's own table)
        print(prof.key_averages().table(sort_by="device_time_total", row_limit=6))
    return "  ".join(f"{k} {sorted(v)[len(v) // 2]:.1f}" for k, v in per.items())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shapes")
    ap.add_argument("--ms", default="64,128")
    ap.add_argument("--reps", type=int, default=30)
    args = ap.parse_args()
    torch.manual_seed(0)
    for N, K, w, wd, M, x, _, out in gemm_cases(args.shapes, args.ms):
        w16 = wd.to(torch.bfloat16)
        op = lambda: marlin.gemm(x, w, out=out)  # noqa: E731
        op()
        path = marlin.route(M, w.n16, w.kt, jit.device_arch(0), sms=marlin._num_sms(0))
        fns = {"op": op, "cuBLAS": lambda: torch.matmul(x, w16.t())}
        if path == "wgmma":
            fns.update(wgmma_parts(M, w, x, out))
        graph = "  ".join(f"{k} {time_graph_us(f, reps=args.reps):.1f}" for k, f in fns.items())
        print(f"{N}x{K} M={M:4d} {path}: graph µs {graph} | kernels (median µs): {kernel_times(op, args.reps)}",
              flush=True)


if __name__ == "__main__":
    main()
