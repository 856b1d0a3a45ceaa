"""Eager decode steps (no CUDA graph), the way a Hugging Face model runs without torch.compile: a stack of
Llama-style layers built from nn modules, seven linear layers each (q, k, v, o, gate, up, down; attention stands in
as q itself), RMSNorm, SiLU * up and the residual adds, all launched from Python one op at a time. Compares
nvfp4_jit.nn.NVFP4Linear (W4A16) with bf16 nn.Linear; wall-clock µs per layer (host and device: in eager mode
whichever is slower sets the pace), median of several timed runs of a few steps each.

    python bench/eager.py [--model llama3-8b] [--layers 8] [--ms 1,16] [--steps 20] [--runs 7]
"""
import argparse
import copy
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import device_name  # noqa: E402

import nvfp4_jit  # noqa: E402
from nvfp4_jit import nn as qnn  # noqa: E402

# hidden, q rows, k / v rows, intermediate
MODELS = {"llama3-8b": (4096, 4096, 1024, 14336), "llama3-70b-tp4": (8192, 2048, 256, 7168)}


class Layer(nn.Module):
    def __init__(self, hidden, nq, nkv, inter):
        super().__init__()
        self.q, self.k, self.v = nn.Linear(hidden, nq, bias=False), nn.Linear(hidden, nkv, bias=False), \
            nn.Linear(hidden, nkv, bias=False)
        self.o = nn.Linear(nq, hidden, bias=False)
        self.gate, self.up = nn.Linear(hidden, inter, bias=False), nn.Linear(hidden, inter, bias=False)
        self.down = nn.Linear(inter, hidden, bias=False)
        self.n1, self.n2 = nn.RMSNorm(hidden), nn.RMSNorm(hidden)

    def forward(self, h):
        x = self.n1(h)
        q, k, v = self.q(x), self.k(x), self.v(x)  # attention stands in: its output is q (k, v unused)
        h = h + self.o(q)
        x = self.n2(h)
        return h + self.down(F.silu(self.gate(x)) * self.up(x))


def timed(step, x, steps, runs):
    for _ in range(3):
        step(x)
    torch.cuda.synchronize()
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(steps):
            step(x)
        torch.cuda.synchronize()
        ts.append((time.perf_counter() - t) / steps * 1e6)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="llama3-8b")
    ap.add_argument("--layers", type=int, default=8)
    ap.add_argument("--ms", default="1,16")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    torch.manual_seed(0)
    hidden, nq, nkv, inter = MODELS[args.model]
    ref = nn.Sequential(*[Layer(hidden, nq, nkv, inter) for _ in range(args.layers)])
    ref = ref.to("cuda", torch.bfloat16).eval()
    q = copy.deepcopy(ref)
    qnn.quantize_model_(q)  # every nn.Linear -> NVFP4Linear (NVFP4, quantized from the bf16 weights)
    print(f"Device: {device_name()}, torch {torch.__version__}, nvfp4_jit from {os.path.dirname(nvfp4_jit.__file__)}; "
          f"{args.model}, {args.layers} layers, eager, median of {args.runs} runs of {args.steps} steps; "
          f"µs per layer (wall clock)", flush=True)
    with torch.inference_mode():
        for M in map(int, args.ms.split(",")):
            x = torch.randn(M, hidden, device="cuda", dtype=torch.bfloat16)
            t_bf16 = timed(ref, x, args.steps, args.runs) / args.layers
            t_fp4 = timed(q, x, args.steps, args.runs) / args.layers
            y, yr = q(x).double(), ref(x).double()
            rel = ((y - yr).norm() / yr.norm()).item()
            print(f"{args.model} M={M:3d}: nvfp4-jit {t_fp4:7.1f}  bf16 {t_bf16:7.1f} us/layer  "
                  f"speedup vs bf16 {t_bf16 / t_fp4:5.2f}  rel err vs bf16 {rel:.1e}", flush=True)


if __name__ == "__main__":
    main()
