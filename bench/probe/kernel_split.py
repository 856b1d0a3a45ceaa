"""Where a small layer's GEMM time goes: per-kernel device time (torch.profiler / CUPTI, L2 flushed before every
call) of each kernel gemm() launches, against the CUDA-graph time of the whole op and of cuBLAS bf16, per shape and
M. For the smallest tensor-parallel shards, where the wgmma path (x permutation + GEMM) trails cuBLAS at 48-128
tokens.   python bench/probe/kernel_split.py 4096x1024,768x4096 --ms 64,128"""
import argparse
import os
import sys
from collections import defaultdict

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import flush_l2, gemm_cases, time_graph_us  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shapes")
    ap.add_argument("--ms", default="64,128")
    ap.add_argument("--reps", type=int, default=30)
    args = ap.parse_args()
    torch.manual_seed(0)
    for N, K, p, wd, M, x, _, out in gemm_cases(args.shapes, args.ms):
        w16 = wd.to(torch.bfloat16)
        graph = time_graph_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)
        cublas = time_graph_us(lambda: torch.matmul(x, w16.t()), reps=args.reps)
        marlin.gemm(x, p, out=out)
        torch.cuda.synchronize()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
            for _ in range(args.reps):
                flush_l2()
                marlin.gemm(x, p, out=out)
            torch.cuda.synchronize()
        per = defaultdict(list)
        for e in prof.events():
            if e.device_type == torch.autograd.DeviceType.CUDA and "fp4" in e.name:
                per[e.name.split("(")[0][:40]].append(e.time_range.elapsed_us())
        if not per:  # (kernels not listed among the events: the profiler's own table)
            print(prof.key_averages().table(sort_by="device_time_total", row_limit=6))
        parts = "  ".join(f"{k} {sorted(v)[len(v) // 2]:.1f}" for k, v in per.items())
        path = marlin.route(M, p.n16, p.kt, "sm_90a", sms=marlin._num_sms(0))
        print(f"{N}x{K} M={M:4d} {path}: graph {graph:.1f} us, cuBLAS {cublas:.1f} | kernels (median us): {parts}",
              flush=True)


if __name__ == "__main__":
    main()
