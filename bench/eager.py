"""Eager decode steps (no CUDA graph), the way a Hugging Face model runs without torch.compile: a stack of
Llama-style layers built from nn modules, seven linear layers each (q, k, v, o, gate, up, down; attention stands in
as q itself), RMSNorm, SiLU * up and the residual adds, all launched from Python one op at a time. Compares
nvfp4_jit.nn.NVFP4Linear (W4A16) with bf16 nn.Linear; wall-clock µs per layer (host and device: in eager mode
whichever is slower sets the pace), median of several timed runs of a few steps each.

    python bench/eager.py [--model llama3-8b] [--layers 8] [--ms 1,16] [--steps 20] [--runs 7]
    python bench/eager.py --moe qwen3,gptoss [--layers 4] [--ms 1,4,16]

--moe: MoE layers instead (router linear, softmax, top-k, experts), nvfp4_jit.nn.NVFP4MoE against the bf16
per-expert loop that Hugging Face's eager MoE blocks run (one matmul pair per expert hit, index_add_ into the
output; it synchronises once per layer to list the experts hit).
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


MOE_MODELS = {"qwen3": (128, 8, 2048, 768), "gptoss": (32, 4, 2880, 2880)}  # experts, top k, hidden, intermediate


class MoELayer(nn.Module):
    """Router + experts (SiLU-gated); bf16 experts run the Hugging Face-style loop, or an NVFP4MoE (``fp4``)."""

    def __init__(self, E, top_k, hidden, inter):
        super().__init__()
        self.top_k = top_k
        self.router = nn.Linear(hidden, E, bias=False)
        dev = "cuda" if torch.cuda.is_available() else "cpu"  # (GBs of random experts: made on the GPU)
        self.w13 = nn.Parameter(torch.randn(E, 2 * inter, hidden, device=dev) * hidden ** -0.5)
        self.w2 = nn.Parameter(torch.randn(E, hidden, inter, device=dev) * inter ** -0.5)
        self.fp4 = None

    def forward(self, h):
        w, ids = torch.topk(self.router(h).softmax(-1, dtype=torch.float32), self.top_k, dim=-1)
        w = (w / w.sum(-1, keepdim=True)).to(h.dtype)
        if self.fp4 is not None:
            return h + self.fp4(h, w, ids.to(torch.int32))
        out = torch.zeros_like(h)
        mask = F.one_hot(ids, self.w13.shape[0]).permute(2, 1, 0)  # [E, k, M]
        for e in (mask.sum(dim=(-1, -2)) > 0).nonzero().flatten().tolist():
            slot, tok = torch.where(mask[e])
            g, u = (h[tok] @ self.w13[e].t()).chunk(2, dim=-1)
            out.index_add_(0, tok, (F.silu(g) * u) @ self.w2[e].t() * w[tok, slot, None])
        return h + out


def main_moe(args):
    print(f"Device: {device_name()}, torch {torch.__version__}, nvfp4_jit from {os.path.dirname(nvfp4_jit.__file__)}; "
          f"MoE layers, {args.layers} per model, eager, median of {args.runs} runs of {args.steps} steps; "
          f"µs per layer (wall clock)", flush=True)
    for name in args.moe.split(","):
        E, top_k, hidden, inter = MOE_MODELS[name]
        torch.manual_seed(0)
        ref = nn.Sequential(*[MoELayer(E, top_k, hidden, inter) for _ in range(args.layers)])
        ref = ref.to("cuda", torch.bfloat16).eval()
        q = copy.deepcopy(ref)
        for layer in q:
            layer.fp4 = qnn.NVFP4MoE.from_weights(layer.w13.data, layer.w2.data).cuda()
            del layer.w13, layer.w2
        with torch.inference_mode():
            for M in map(int, args.ms.split(",")):
                x = torch.randn(M, hidden, device="cuda", dtype=torch.bfloat16)
                t_bf16 = timed(ref, x, args.steps, args.runs) / args.layers
                t_fp4 = timed(q, x, args.steps, args.runs) / args.layers
                y, yr = q(x).double(), ref(x).double()
                rel = ((y - yr).norm() / yr.norm()).item()
                print(f"{name} M={M:3d}: nvfp4-jit {t_fp4:7.1f}  bf16 (HF loop) {t_bf16:7.1f} us/layer  "
                      f"speedup vs bf16 {t_bf16 / t_fp4:5.2f}  rel err vs bf16 {rel:.1e}", flush=True)
        del ref, q
        torch.cuda.empty_cache()


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
    ap.add_argument("--moe", default="", help="MoE layers of these models (%s) instead" % ",".join(MOE_MODELS))
    args = ap.parse_args()
    if args.moe:
        return main_moe(args)
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
