"""Decode-step chains: a model's dense layers replayed in one CUDA graph, as a serving engine runs a decode step.

    python bench/chain.py [--models llama3-8b,llama3-70b-tp4] [--layers 4] [--ms 1,4,16] [--reps 30] [--out f.md]

Per model and M, µs per decoder layer (graph replay time / layers, L2 flushed before each replay) of
* "gemms": the layer's four GEMMs (qkv, o, gate_up, down) back to back, each reading the previous one's output;
* "layer": the same with the elementwise work of a layer between them (attention stands in as a slice of qkv,
  residual adds, RMSNorm, SiLU * up), as torch kernels;
* "fused": "layer" with SiLU * up in gate_up's epilogue (marlin.gemm(act="silu"); cuBLAS bf16 as in "layer");
for nvfp4-jit with programmatic dependent launch (default on SM90+), nvfp4-jit with NVFP4_JIT_PDL=0 and cuBLAS bf16
(the same graph with bf16 weights). The FP4 byte floor is the layer's FP4 weight and scale bytes at the copy
bandwidth measured in the same run; "x floor" compares the nvfp4-jit "gemms" time with it.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import capture_graph, copy_bandwidth, device_name, env_overrides, time_us  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

# hidden, q + k + v rows, attention output width (o's K), intermediate (per rank)
MODELS = {"llama3-8b": (4096, 6144, 4096, 14336), "llama3-70b-tp4": (8192, 2560, 2048, 7168)}


def layer_weights(hidden, qkv, attn, inter, seed):
    """[(N, K)] of qkv, o, gate_up, down, random NVFP4 (prepared) and the same dequantized to bf16."""
    g = torch.Generator(device="cuda").manual_seed(seed)
    out = []
    for n, k in ((qkv, hidden), (hidden, attn), (2 * inter, hidden), (hidden, inter)):
        w = NVFP4Weight.quantize(torch.randn(n, k, device="cuda", generator=g) * k ** -0.5, fmt="nvfp4")
        out.append((marlin.prepare_weight(w), w.dequantize(torch.bfloat16)))
        if n == 2 * inter:  # gate_up, also prepared for the fused activation (mode "fused")
            out[-1] += (marlin.prepare_weight(w, gate_up=True),)
    return out


def make_step(layers, attn, inter, fp4: bool, mode: str):
    mm = (lambda x, p: marlin.gemm(x, p[0])) if fp4 else (lambda x, p: torch.matmul(x, p[1].t()))

    def step(h):
        M = h.shape[0]
        for qkv, o, gu, down in layers:
            if mode == "gemms":  # the next GEMM reads the first M x K values of the previous one's output
                a = mm(h, qkv).view(-1)[: M * attn].view(M, attn)
                u = mm(mm(a, o), gu).view(-1)[: M * inter].view(M, inter)
                h = mm(u, down)
                continue
            a = mm(h, qkv)[:, :attn]  # attention's output stands in (gemm copies the strided slice)
            r = h + mm(a, o)
            hn = F.rms_norm(r, (r.shape[1],))
            if mode == "fused" and fp4:  # SiLU * up in gate_up's epilogue; down then follows it directly
                d = mm(marlin.gemm(hn, gu[2], act="silu"), down)
            else:
                u = mm(hn, gu)
                d = mm(F.silu(u[:, :inter]) * u[:, inter:], down)
            h = F.rms_norm(r + d, (r.shape[1],))
        return h

    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--ms", default="1,4,16")
    ap.add_argument("--modes", default="gemms,layer,fused")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--out", default=None, help="write the markdown table here")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    torch.manual_seed(0)
    bw = copy_bandwidth()
    rows = []
    for model in args.models.split(","):
        hidden, qkv, attn, inter = MODELS[model]
        layers = [layer_weights(hidden, qkv, attn, inter, 100 + i) for i in range(args.layers)]
        fp4_bytes = sum(p.wq.numel() + p.sc.numel() for lw in layers[:1] for p, *_ in lw)
        floor = fp4_bytes / bw * 1e6
        for M in map(int, args.ms.split(",")):
            x = torch.randn(M, hidden, device="cuda", dtype=torch.bfloat16)
            for mode in args.modes.split(","):
                t = {}
                for label, fp4, env in (("pdl", True, {"NVFP4_JIT_PDL": "1"}), ("nopdl", True, {"NVFP4_JIT_PDL": "0"}),
                                        ("bf16", False, {})):
                    step = make_step(layers, attn, inter, fp4, mode)
                    with env_overrides(env):
                        g = capture_graph(lambda: step(x))
                    t[label] = time_us(g.replay, reps=args.reps, warmup=3) / args.layers
                    del g
                ref = make_step(layers, attn, inter, False, mode)(x).double()
                got = make_step(layers, attn, inter, True, mode)(x).double()
                rel = ((got - ref).norm() / ref.norm()).item()
                rows.append(dict(model=model, M=M, mode=mode, pdl_us=t["pdl"], nopdl_us=t["nopdl"], bf16_us=t["bf16"],
                                 floor_us=floor, x_floor=t["pdl"] / floor, rel_err_vs_bf16=rel))
                r = rows[-1]
                print(f"{model} M={M:3d} {mode:6s}: pdl {t['pdl']:7.1f}  no pdl {t['nopdl']:7.1f}  "
                      f"bf16 {t['bf16']:7.1f}  floor {floor:6.1f} us/layer  x floor {r['x_floor']:5.2f}  "
                      f"rel err vs bf16 {rel:.1e}", flush=True)
        del layers
    head = (f"Device: {device_name()}; copy bandwidth {bw / 1e12:.2f} TB/s; {args.layers} layers per CUDA graph, "
            f"median of {args.reps} replays, L2 flushed; µs per layer.\n\n"
            "| model | M | chain | nvfp4-jit PDL | nvfp4-jit no PDL | cuBLAS bf16 | FP4 floor | PDL x floor | "
            "no PDL x floor | speedup vs bf16 |\n|---|---|---|---|---|---|---|---|---|---|\n")
    body = "".join(f"| {r['model']} | {r['M']} | {r['mode']} | {r['pdl_us']:.1f} | {r['nopdl_us']:.1f} | "
                   f"{r['bf16_us']:.1f} | {r['floor_us']:.1f} | {r['x_floor']:.2f} | "
                   f"{r['nopdl_us'] / r['floor_us']:.2f} | {r['bf16_us'] / r['pdl_us']:.2f} |\n" for r in rows)
    print(head + body)
    if args.out:
        with open(args.out, "w") as f:
            f.write(head + body)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
