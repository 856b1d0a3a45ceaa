"""Same-run A/B of the MoE direct path (a GEMM block per (token, expert) pair, no align kernel) against the align
path at several tokens: moe.DIRECT_MAX_M = 1 (align from 2 tokens) vs 64, interleaved rounds, CUDA-graph µs of the
whole fused_moe (faster of the rounds), outputs compared.   python bench/probe/moe_direct_ab.py [--ms 2,3,4,8,16]"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import moe_cases, time_graph_us  # noqa: E402

from nvfp4_jit import moe  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--models", default="qwen3,gptoss,mixtral")
ap.add_argument("--ms", default="2,3,4,8,16")
ap.add_argument("--rounds", type=int, default=3)
args = ap.parse_args()
torch.manual_seed(0)
for name, M, x, p13, p2, tw, ti in moe_cases(args.models, args.ms):
    best = {}
    outs = {}
    for _ in range(args.rounds):
        for dmax in (1, 64):
            moe.DIRECT_MAX_M = dmax
            outs[dmax] = moe.fused_moe(x, p13, p2, tw, ti).float()
            t = time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=40)
            best[dmax] = min(t, best.get(dmax, t))
    err = ((outs[64] - outs[1]).norm() / outs[1].norm()).item()
    print(f"{name} M={M}: align {best[1]:.1f} us, direct {best[64]:.1f} us ({best[64] / best[1] - 1:+.1%}); "
          f"rel diff {err:.1e}", flush=True)
moe.DIRECT_MAX_M = 1
