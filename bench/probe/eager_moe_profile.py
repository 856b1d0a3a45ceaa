"""Where an eager NVFP4 MoE layer's wall time goes (bench/eager.py --moe measured ~220-380 µs per layer, against
~30 µs of host time for fused_moe itself): wall µs per layer of the whole layer, of the routing alone (router
linear, softmax, top-k, renormalise, id cast) and of NVFP4MoE alone, then a cProfile of the whole layer.

    python bench/probe/eager_moe_profile.py [--model qwen3] [--m 1] [--steps 200]
"""
import argparse
import cProfile
import os
import pstats
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from eager import MOE_MODELS, MoELayer  # noqa: E402

from nvfp4_jit import nn as qnn  # noqa: E402


def wall_us(fn, steps):
    for _ in range(5):
        fn()
    torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(steps):
        fn()
    torch.cuda.synchronize()
    return (time.perf_counter() - t) / steps * 1e6


def setup():
    """-> (args, an eager MoE layer of --model with NVFP4 experts, its input x [--m, hidden], top_k)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="qwen3")
    ap.add_argument("--m", type=int, default=1)
    ap.add_argument("--steps", type=int, default=200)
    args = ap.parse_args()
    E, top_k, hidden, inter = MOE_MODELS[args.model]
    torch.manual_seed(0)
    layer = MoELayer(E, top_k, hidden, inter).to("cuda", torch.bfloat16).eval()
    layer.fp4 = qnn.NVFP4MoE.from_weights(layer.w13.data, layer.w2.data).cuda()
    del layer.w13, layer.w2
    return args, layer, torch.randn(args.m, hidden, device="cuda", dtype=torch.bfloat16), top_k


def main():
    args, layer, x, top_k = setup()
    with torch.inference_mode():
        w, ids = torch.topk(layer.router(x).softmax(-1, dtype=torch.float32), top_k, dim=-1)
        w = (w / w.sum(-1, keepdim=True)).to(x.dtype)
        ids32 = ids.to(torch.int32)

        def routing():
            w, ids = torch.topk(layer.router(x).softmax(-1, dtype=torch.float32), top_k, dim=-1)
            return (w / w.sum(-1, keepdim=True)).to(x.dtype), ids.to(torch.int32)

        print(f"{args.model} M={args.m}: whole layer {wall_us(lambda: layer(x), args.steps):.1f} us; routing "
              f"{wall_us(routing, args.steps):.1f} us; NVFP4MoE {wall_us(lambda: layer.fp4(x, w, ids32), args.steps):.1f}"
              f" us; torch.add {wall_us(lambda: x + x, args.steps):.1f} us", flush=True)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.steps):
            layer(x)
        torch.cuda.synchronize()
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(22)


if __name__ == "__main__":
    main()
