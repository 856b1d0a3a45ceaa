"""Where the dense kernel signals its PDL dependents (marlin.DENSE_PDL_SIGNAL: "start", "loop", "exit") against no
PDL, on bench/chain.py's GEMM chains (µs per layer, two rounds A B C D A B C D so that drift shows).
    python bench/probe/pdl_chain_ab.py [--models ...] [--ms 1,4,16] [--modes gemms] [--reps 30]"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import chain  # noqa: E402
from common import capture_graph, env_overrides, time_us  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--models", default=",".join(chain.MODELS))
ap.add_argument("--ms", default="1,4,16")
ap.add_argument("--modes", default="gemms")
ap.add_argument("--signals", default="start,loop,exit")
ap.add_argument("--layers", type=int, default=4)
ap.add_argument("--reps", type=int, default=30)
args = ap.parse_args()
variants = [("nopdl", "start", "0")] + [(s, s, "1") for s in args.signals.split(",")]
for model in args.models.split(","):
    hidden, qkv, attn, inter = chain.MODELS[model]
    layers = [chain.layer_weights(hidden, qkv, attn, inter, 100 + i) for i in range(args.layers)]
    for M in map(int, args.ms.split(",")):
        x = torch.randn(M, hidden, device="cuda", dtype=torch.bfloat16)
        for mode in args.modes.split(","):
            res = {}
            for _ in range(2):
                for label, sig, env in variants:
                    marlin.DENSE_PDL_SIGNAL = sig
                    marlin.gemm_spec.cache_clear()
                    step = chain.make_step(layers, attn, inter, True, mode)
                    with env_overrides({"NVFP4_JIT_PDL": env}):
                        g = capture_graph(lambda: step(x))
                    res.setdefault(label, []).append(time_us(g.replay, reps=args.reps, warmup=3) / args.layers)
                    del g
            print(f"{model} M={M:3d} {mode}: " + "  ".join(f"{k} " + "/".join(f"{v:.1f}" for v in vs)
                                                          for k, vs in res.items()), flush=True)
    del layers
marlin.DENSE_PDL_SIGNAL = "start"
