"""Phase lengths of the resident GEMM 2 (mode moe_down) of a one-token fused MoE, per CTA, from clock64 stamps that
bench/probe/moe_down_phases.patch adds to the template (apply it first; it writes them after the used part of the
split-K workspace): start -> griddepcontrol.wait returns, -> weights landed, -> a landed, -> multiplied and
reduced, -> stored. Median and max over CTAs of the last of 20 CUDA-graph replays (L2 flushed), in µs at the
SM clock given.

    git apply bench/probe/moe_down_phases.patch && python bench/probe/moe_down_phases.py --ghz 1.98
"""
import argparse
import os
import statistics
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import capture_graph, moe_cases, replay_flushed  # noqa: E402

from nvfp4_jit import marlin, moe  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="qwen3")
    ap.add_argument("--ghz", type=float, default=1.98)
    args = ap.parse_args()
    names = ("wait", "weights", "a", "multiply", "store")
    for name, M, x, p13, p2, tw, ti in moe_cases(args.models, "1"):
        plan = moe._down_plan(p2, ti.numel(), 0)
        if plan is None:
            print(f"{name}: the resident GEMM 2 does not run")
            continue
        fn = lambda: moe.fused_moe(x, p13, p2, tw, ti)  # noqa: E731
        replay_flushed(capture_graph(fn, warmup=1), 20)
        torch.cuda.synchronize()
        ws = marlin._workspaces[0][0]
        base = p2.n16 * 16
        ph = ws[base:base + plan[0] * 5].view(plan[0], 5).cpu() / (args.ghz * 1e3)
        ws[base:base + plan[0] * 5].zero_()
        print(f"== {name} M=1: {plan[0]} CTAs; phase µs (median / max over CTAs)")
        for k, n in enumerate(names):
            col = ph[:, k].tolist()
            print(f"   {n:9s} {statistics.median(col):7.2f} / {max(col):7.2f}")


if __name__ == "__main__":
    main()
