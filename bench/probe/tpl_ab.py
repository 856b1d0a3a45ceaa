"""Same-run A/B of two template directories on the fused MoE (or, with --shapes, on marlin.gemm): the checkout's
templates/ against OLD (e.g. a copy with a file from an earlier commit), alternating in rounds; CUDA-graph µs (L2
flushed, faster of the rounds) and whether the outputs are bit-identical.
    python bench/probe/tpl_ab.py OLD [--models qwen3,gptoss,mixtral] [--ms 1,4,16] [--shapes NxK,...]"""
import argparse
import os
import sys
from pathlib import Path

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, moe_cases, time_graph_us  # noqa: E402

from nvfp4_jit import jit, marlin, moe  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("old")
ap.add_argument("--models", default="qwen3,gptoss,mixtral")
ap.add_argument("--shapes", default="")
ap.add_argument("--ms", default="1,4,16")
ap.add_argument("--rounds", type=int, default=2)
ap.add_argument("--reps", type=int, default=40)
args = ap.parse_args()
new_dir, old_dir = jit.template_dir(), Path(args.old).resolve()


def use(d):
    jit.template_dir = lambda: d
    jit._jinja_env = None
    jit._kernels.clear()


torch.manual_seed(0)
if args.shapes:
    cases = ((f"{N}x{K}", M, (lambda x=x, p=p, out=out: marlin.gemm(x, p, out=out)))
             for N, K, p, _, M, x, _, out in gemm_cases(args.shapes, args.ms))
else:
    cases = ((name, M, (lambda x=x, p13=p13, p2=p2, tw=tw, ti=ti: moe.fused_moe(x, p13, p2, tw, ti)))
             for name, M, x, p13, p2, tw, ti in moe_cases(args.models, args.ms))
for name, M, fn in cases:
    best, outs = {}, {}
    for _ in range(args.rounds):
        for label, d in (("old", old_dir), ("new", new_dir)):
            use(d)
            outs[label] = fn().clone()
            t = time_graph_us(fn, reps=args.reps)
            best[label] = min(t, best.get(label, t))
    same = torch.equal(outs["old"], outs["new"])
    print(f"{name} M={M}: old {best['old']:.1f} us, new {best['new']:.1f} us ({best['new'] / best['old'] - 1:+.1%}); "
          f"{'same bits' if same else 'DIFFERENT'}", flush=True)
use(new_dir)
