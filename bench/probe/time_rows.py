"""Graph µs (L2 flushed, median) and error of the wgmma-path rows, one JSON object per run, for A/B runs of two
code versions in separate processes (bench/probe/ab_versions.sh):

    python bench/probe/time_rows.py --tag before --out before.jsonl
    python bench/probe/time_rows.py --compare before.jsonl after.jsonl   # per row: min over runs, ratio

Dense rows: marlin.gemm on --shapes x --ms (error vs the fp32 product of the dequantized weight); MoE rows:
moe.fused_moe on --models x --moe-ms (error vs the float64 reference is in the GPU tests; here its output's
norm, which must agree between versions).
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, moe_cases, time_graph_us  # noqa: E402


def run(args):
    from nvfp4_jit import jit, marlin, moe

    torch.manual_seed(0)
    rows = {}
    for N, K, p, _, M, x, ref, out in gemm_cases(args.shapes, args.ms):
        out.fill_(float("nan"))
        marlin.gemm(x, p, out=out)
        err = ((out.float() - ref).norm() / ref.norm()).item()
        us = time_graph_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)
        rows[f"{N}x{K} M={M} {marlin.route(M, p.n16, p.kt, jit.device_arch(0))}"] = (us, err)
    for name, M, x, p13, p2, tw, ti in moe_cases(args.models, args.moe_ms) if args.models else ():
        y = moe.fused_moe(x, p13, p2, tw, ti)
        us = time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=args.reps)
        rows[f"moe {name} M={M}"] = (us, y.float().norm().item())
    for k, (us, e) in rows.items():
        print(f"{args.tag:8s} {k:40s} {us:9.1f} us  {e:.4e}", flush=True)
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps({"tag": args.tag, "rows": rows}) + "\n")


def compare(paths):
    runs = [[json.loads(ln) for ln in open(p)] for p in paths]
    best = [{} for _ in paths]
    for i, rs in enumerate(runs):
        for r in rs:
            for k, (us, e) in r["rows"].items():
                best[i][k] = min(best[i].get(k, (1e30, e)), (us, e))
    print(f"{'row':40s} " + " ".join(f"{os.path.basename(p):>14s}" for p in paths) + "   ratio (first / last)")
    for k in best[0]:
        vals = [b.get(k, (float("nan"), 0))[0] for b in best]
        print(f"{k:40s} " + " ".join(f"{v:11.1f} us" for v in vals) + f"   {vals[0] / vals[-1]:.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tag", default="run")
    ap.add_argument("--out", default=None)
    ap.add_argument("--shapes", default="4096x4096,6144x4096,28672x4096,4096x14336,8192x28672")
    ap.add_argument("--ms", default="64,128,256,1024")
    ap.add_argument("--models", default="mixtral,gptoss,qwen3")
    ap.add_argument("--moe-ms", default="256,1024")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--compare", nargs="+", default=None)
    args = ap.parse_args()
    if args.compare:
        return compare(args.compare)
    run(args)


if __name__ == "__main__":
    main()
