"""Fused FP4 MoE benchmark: nvfp4-jit fused_moe vs a bf16 per-expert torch.matmul reference vs the FP4 byte floor
of the experts actually touched (weights + scales of those experts, x and out), all in one run. "same-bytes read" is
one plain grid-stride read kernel (common.plain_read, in a CUDA graph) reading as many bytes: the floor including one
launch and its ramp. (Until the twelfth session this column was torch's int32 max, which reads more slowly.)

    python bench/moe.py [--models qwen3,mixtral,gptoss] [--ms 1,4,16,64,256,1024]
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MOE_MODELS, copy_bandwidth, device_name, plain_read, time_graph_us, time_us  # noqa: E402

from nvfp4_jit import moe  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

MODELS = MOE_MODELS


def bf16_moe(x, w13, w2, topk_weights, topk_ids):
    """The usual unfused reference: per expert, gather its tokens, two torch.matmul, scatter-add."""
    out = torch.zeros_like(x, dtype=torch.float32)
    inter = w2.shape[2]
    for e in torch.unique(topk_ids).tolist():
        m, j = torch.nonzero(topk_ids == e, as_tuple=True)
        h = x[m] @ w13[e].t()
        a = F.silu(h[:, :inter]) * h[:, inter:]
        out.index_add_(0, m, (a @ w2[e].t()).float() * topk_weights[m, j, None])
    return out.to(x.dtype)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="qwen3,mixtral,gptoss")
    ap.add_argument("--ms", default="1,4,16,64,256,1024")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--out", default=None)
    ap.add_argument("--no-bf16", action="store_true", help="skip the (slow) bf16 reference: A/B runs")
    args = ap.parse_args()
    torch.manual_seed(0)
    bw = copy_bandwidth()
    rows = []
    for name in args.models.split(","):
        E, k, H, I, fmt = MODELS[name]
        w13 = [NVFP4Weight.quantize(torch.randn(2 * I, H, device="cuda") * H ** -0.5, fmt=fmt) for _ in range(E)]
        w2 = [NVFP4Weight.quantize(torch.randn(H, I, device="cuda") * I ** -0.5, fmt=fmt) for _ in range(E)]
        p13, p2 = moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2)  # fused SwiGLU
        b13 = torch.stack([w.dequantize(torch.bfloat16) for w in w13])
        b2 = torch.stack([w.dequantize(torch.bfloat16) for w in w2])
        del w13, w2
        per_expert = (2 * I * H + H * I) * (0.5 + 1 / (16 if fmt == "nvfp4" else 32))
        for M in map(int, args.ms.split(",")):
            x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
            topk_weights, topk_ids = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), k, dim=-1)
            ids32 = topk_ids.to(torch.int32)
            touched = torch.unique(topk_ids).numel()
            nbytes = touched * per_expert + 4 * M * H
            floor = nbytes / bw * 1e6
            # one kernel reading the same bytes (in a graph): the floor including launch and ramp
            buf = torch.empty(int(nbytes) // 16 * 16, dtype=torch.uint8, device="cuda")
            t_read = time_graph_us(lambda: plain_read(buf), reps=args.reps)
            del buf
            t_fp4 = time_us(lambda: moe.fused_moe(x, p13, p2, topk_weights, ids32), reps=args.reps)
            t_graph = time_graph_us(lambda: moe.fused_moe(x, p13, p2, topk_weights, ids32), reps=args.reps)
            t_bf16 = float("nan") if args.no_bf16 else time_us(lambda: bf16_moe(x, b13, b2, topk_weights, topk_ids),
                                                                reps=max(5, args.reps // 3))
            rows.append((name, E, k, H, I, fmt, M, touched, t_fp4, t_graph, t_bf16, floor, t_read))
            print(f"{name} M={M:5d} experts touched {touched:3d}: fp4 {t_fp4:9.1f} us  graph {t_graph:8.1f} us  bf16-ref {t_bf16:9.1f} us  "
                  f"floor {floor:8.1f} us  read {t_read:7.1f} us  graph x floor {t_graph / floor:5.2f}  "
                  f"speedup {t_bf16 / t_fp4:5.2f}", flush=True)
        del p13, p2, b13, b2
    lines = [f"Device: {device_name()}; copy bandwidth {bw / 1e12:.2f} TB/s; median of {args.reps} runs, L2 flushed "
             "(bf16 reference: fewer runs, it synchronises per expert).", "",
             "| model (E, top-k, H, I, fmt) | M | experts touched | nvfp4-jit µs | in CUDA graph µs | bf16 per-expert µs "
             "| FP4 byte floor µs | same-bytes read µs | graph x floor | graph x read | speedup vs bf16 |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, E, k, H, I, fmt, M, touched, t, tg, tb, fl, tr in rows:
        lines.append(f"| {name} ({E}, {k}, {H}, {I}, {fmt}) | {M} | {touched} | {t:.1f} | {tg:.1f} | {tb:.1f} | "
                     f"{fl:.1f} | {tr:.1f} | {tg / fl:.2f} | {tg / tr:.2f} | {tb / t:.2f} |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        open(args.out, "w").write(table + "\n")


if __name__ == "__main__":
    main()
