"""Eager host time per call of the dense paths (no graph), against torch's bf16 F.linear, and a cProfile of
marlin.gemm: where the Python dispatch spends its time. A ping-pong chain of small GEMMs, so that the GPU is
faster than the host and the loop's time is host time.
    python bench/probe/host_profile.py [--n 2000] [--shape 1024x1024] [--m 1] [--profile [CASE,...]]"""
import argparse
import cProfile
import os
import pstats
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import nvfp4_jit  # noqa: E402,F401
from nvfp4_jit import marlin, moe, nn as fnn, ops  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=2000)
ap.add_argument("--shape", default="1024x1024")
ap.add_argument("--m", type=int, default=1)
ap.add_argument("--profile", nargs="?", const="marlin.gemm(out=)", default="",
                help="cProfile these cases (comma-separated names; default marlin.gemm(out=))")
args = ap.parse_args()
N, K = (int(v) for v in args.shape.split("x"))
assert N == K, "ping-pong needs a square layer"
dev = "cuda"
ws = [NVFP4Weight.quantize(torch.randn(N, K, device=dev) * 0.03) for _ in range(2)]
ps = [marlin.prepare_weight(w) for w in ws]
mods = [fnn.NVFP4Linear(w).to(dev) for w in ws]
dense = [torch.randn(N, K, device=dev, dtype=torch.bfloat16) * 0.03 for _ in range(2)]
x0 = torch.randn(args.m, K, device=dev, dtype=torch.bfloat16)
bufs = [x0.clone(), torch.empty_like(x0)]
x128 = torch.randn(128, K, device=dev, dtype=torch.bfloat16)  # (a wgmma-path token count on SM90 at 1024x1024)

E, H, INTER = 8, 512, 256  # a small MoE (host-bound): 8 experts, top 2
p13 = moe.prepare_moe_weight([NVFP4Weight.quantize(torch.randn(2 * INTER, H, device=dev) * 0.03) for _ in range(E)],
                             gate_up=True)
p2 = moe.prepare_moe_weight([NVFP4Weight.quantize(torch.randn(H, INTER, device=dev) * 0.03) for _ in range(E)])
xm = torch.randn(args.m, H, device=dev, dtype=torch.bfloat16)
tw, ti = torch.topk(torch.randn(args.m, E, device=dev).softmax(-1), 2)
ti = ti.to(torch.int32)
xm4 = torch.randn(4, H, device=dev, dtype=torch.bfloat16)  # several tokens: align kernel, GEMMs, top-k sum kernel
tw4, ti4 = torch.topk(torch.randn(4, E, device=dev).softmax(-1), 2)
ti4 = ti4.to(torch.int32)
cases = {
    "marlin.gemm(out=)": lambda i: marlin.gemm(bufs[i % 2], ps[i % 2], out=bufs[(i + 1) % 2]),
    "marlin.gemm": lambda i: marlin.gemm(x0, ps[i % 2]),
    "ops.linear (torch op)": lambda i: ops.linear(x0, ps[i % 2]),
    "NVFP4Linear.forward": lambda i: mods[i % 2](x0),
    "F.linear bf16": lambda i: F.linear(x0, dense[i % 2]),
    "marlin.gemm M=128": lambda i: marlin.gemm(x128, ps[i % 2]),
    "moe.fused_moe": lambda i: moe.fused_moe(xm, p13, p2, tw, ti),
    "moe.fused_moe M=4": lambda i: moe.fused_moe(xm4, p13, p2, tw4, ti4),
    "F.linear bf16 M=128": lambda i: F.linear(x128, dense[i % 2]),
}


def timed(fn, n):
    for i in range(20):
        fn(i)
    torch.cuda.synchronize()
    t = time.perf_counter()
    for i in range(n):
        fn(i)
    torch.cuda.synchronize()
    return (time.perf_counter() - t) / n * 1e6


print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}, {N}x{K} M={args.m}, {args.n} calls per case, "
      f"nvfp4_jit from {os.path.dirname(nvfp4_jit.__file__)}")
for rnd in range(2):
    print(" | ".join(f"{name} {timed(fn, args.n):.1f} us" for name, fn in cases.items()), flush=True)
for name in filter(None, args.profile.split(",")):
    print(f"## cProfile: {name}")
    pr = cProfile.Profile()
    pr.enable()
    for i in range(args.n):
        cases[name](i)
    torch.cuda.synchronize()
    pr.disable()
    st = pstats.Stats(pr)
    st.sort_stats("tottime").print_stats(25)
