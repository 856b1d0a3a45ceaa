"""What the wgmma path would gain without its x-permutation kernel: CUDA-graph µs (L2 flushed, median) of the whole
op, of the GEMM launch alone (xs written beforehand, no PDL) and of xperm alone, with cuBLAS bf16, per shape and M.
python bench/probe/xperm_cost.py 4096x1024,768x4096 --ms 64,128"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, time_graph_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shapes")
    ap.add_argument("--ms", default="64,128")
    ap.add_argument("--reps", type=int, default=50)
    args = ap.parse_args()
    torch.manual_seed(0)
    for N, K, w, wd, M, x, _, out in gemm_cases(args.shapes, args.ms):
        if marlin.route(M, w.n16, w.kt, jit.device_arch(0), sms=marlin._num_sms(0)) != "wgmma":
            print(f"{N}x{K} M={M}: not on the wgmma path", flush=True)
            continue
        w16 = wd.to(torch.bfloat16)
        marlin.gemm(x, w, out=out)
        plan = next(p for k, p in marlin._plans.items() if k[:3] == (M, N, K) and p.path == "wgmma")
        xs = torch.empty(plan.xs, dtype=x.dtype, device=x.device)
        maps = marlin._tensor_maps(w, 0, *plan.box) if plan.plain else 0
        args_ = (w.wq.data_ptr(), w.sc.data_ptr(), xs.data_ptr(), out.data_ptr(), 0, w.gscale.data_ptr(), M, w.n,
                 w.k, w.kt, w.n16, plan.ws, plan.cnt)

        def xperm():
            plan.xperm(jit._raw_stream(0), x.data_ptr(), xs.data_ptr(), M, w.k, w.kt, plan.cfg[0], w.kt * M * 8)

        def main_only():
            if maps:
                plan.launch(jit._raw_stream(0), *args_, maps, pdl=False)
            else:
                (plan.plain or plan.launch)(jit._raw_stream(0), *args_, pdl=False)

        xperm()
        torch.cuda.synchronize()
        t = {name: time_graph_us(f, reps=args.reps) for name, f in (
            ("op", lambda: marlin.gemm(x, w, out=out)), ("gemm only", main_only), ("xperm only", xperm),
            ("cuBLAS", lambda: torch.matmul(x, w16.t())))}
        print(f"{N}x{K} M={M:4d}: " + "  ".join(f"{k} {v:.1f}" for k, v in t.items()), flush=True)


if __name__ == "__main__":
    main()
