"""A/B of environment settings on marlin.gemm (or, with --models, on moe.fused_moe) in one run: CUDA-graph µs (L2
flushed, median) and the error vs the fp32 product of the dequantized weight (MoE: vs the first setting's output),
per shape and M, the settings alternating (twice each).

    python bench/ab_env.py --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_WGMMA=1 --shapes 28672x4096 --ms 64,128
    python bench/ab_env.py --env NVFP4_JIT_MARLIN_CONFIG=1,2,4,2,2,1 --env NVFP4_JIT_MARLIN_CONFIG=1,2,2,4,2,1 \
        --models qwen3,mixtral --ms 1,4
"""
import argparse
import os
import re
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import env_overrides, gemm_cases, moe_cases, time_graph_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", action="append", required=True, help="KEY=VAL[,KEY=VAL...]: one setting (repeat)")
    ap.add_argument("--shapes", default="4096x4096,6144x4096,28672x4096,4096x14336,8192x28672")
    ap.add_argument("--ms", default="1,4,16,32,64")
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--models", default="", help="fused MoE models of bench/moe.py instead of dense shapes")
    ap.add_argument("--bf16", action="store_true", help="also time cuBLAS bf16 (torch.matmul) on each dense row")
    ap.add_argument("--blocks", default="", help="MoE: also print the routing's blocks of these sizes, e.g. 32,64 "
                    "(sum over the experts of ceil(pairs / BM))")
    ap.add_argument("--seed", type=int, default=0, help="torch seed (MoE: another draw of the routing)")
    args = ap.parse_args()
    # KEY=VAL pairs split at the commas that start a new KEY= (values such as configs contain commas)
    settings = [dict(kv.split("=", 1) for kv in re.split(r",(?=[A-Z_][A-Z0-9_]*=)", e)) for e in args.env]
    torch.manual_seed(args.seed)
    if args.models:
        return ab_moe(args, settings)
    for N, K, p, wd, M, x, ref, out in gemm_cases(args.shapes, args.ms):
        times = [[] for _ in settings]
        errs = [0.0] * len(settings)
        for _ in range(args.rounds):
            for i, env in enumerate(settings):
                with env_overrides(env):
                    out.fill_(float("nan"))
                    marlin.gemm(x, p, out=out)
                    errs[i] = max(errs[i], ((out.float() - ref).norm() / ref.norm()).item())
                    times[i].append(time_graph_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps))
        cols = "  ".join(f"[{args.env[i]}] {min(t):7.1f} us (err {errs[i]:.1e})" for i, t in enumerate(times))
        if args.bf16:
            wb = wd.to(torch.bfloat16)
            tb = min(time_graph_us(lambda: torch.matmul(x, wb.t()), reps=args.reps) for _ in range(args.rounds))
            cols += f"  [cuBLAS bf16] {tb:7.1f} us"
            del wb
        print(f"{N}x{K} M={M:5d} {marlin.route(M, p.n16, p.kt, jit.device_arch(0), sms=marlin._num_sms(0))}: {cols}", flush=True)


def ab_moe(args, settings):
    from nvfp4_jit import moe

    for name, M, x, p13, p2, tw, ti in moe_cases(args.models, args.ms):
        times = [[] for _ in settings]
        errs = [0.0] * len(settings)
        base = None
        for _ in range(args.rounds):
            for i, env in enumerate(settings):
                with env_overrides(env):
                    y = moe.fused_moe(x, p13, p2, tw, ti).float()
                    base = y if base is None else base
                    errs[i] = max(errs[i], ((y - base).norm() / base.norm()).item())
                    times[i].append(time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=args.reps))
        cols = "  ".join(f"[{args.env[i]}] {min(t):7.1f} us (diff {errs[i]:.1e})" for i, t in enumerate(times))
        if args.blocks:
            cols += "  blocks " + " ".join(f"{bm}:{n}" for bm, n in routed_blocks(ti, p13.num_experts, args.blocks))
        print(f"{name} M={M:5d}: {cols}", flush=True)


def routed_blocks(topk_ids: torch.Tensor, E: int, sizes: str):
    """(BM, sum over the E experts of ceil(pairs / BM)) for each block size in sizes: the blocks the prefill path
    runs for this routing (ids outside [0, E) excluded)."""
    ids = topk_ids.flatten().long()
    n = torch.bincount(ids[(ids >= 0) & (ids < E)], minlength=E)
    return [(bm, int(((n + bm - 1) // bm).sum())) for bm in map(int, sizes.split(","))]


if __name__ == "__main__":
    main()
