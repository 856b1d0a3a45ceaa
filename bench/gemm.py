"""FP4 W4A16 GEMM benchmark: nvfp4-jit Marlin path vs cuBLAS bf16 vs the FP4 HBM byte floor.

    python bench/gemm.py [--shapes 4096x4096,...|tp] [--ms 1,4,16] [--out results.md]

--shapes tp: the tensor-parallel shards of Llama-3-8B (TP2: qkv, o; TP4 / TP8: qkv, o, gate_up, down) and Llama-3-70B
(TP4 / TP8: all four), with 1024x8192 and 2048x8192, as bench/RESULTS.md's twenty-first session measured them
(bench/notes/gemm_tp_s21_h100.md: --shapes tp --ms 1,16,32,48,64,128).

Byte floor = (FP4 weight + E4M3 scales + x + out bytes) / copy bandwidth of a 2 GiB copy measured in the same run.
"same-bytes copy" times a device copy that reads + writes that many bytes: the floor including launch and ramp.
"same-bytes read" times one plain grid-stride kernel reading that many bytes (common.plain_read): what a read-only
kernel like this GEMM can reach (on the H100 reads alone are slower than a copy's reads + writes).
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import copy_bandwidth, device_name, plain_read, time_graph_us, time_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

SHAPES = ["4096x4096", "6144x4096", "28672x4096", "4096x14336", "8192x28672"]  # N x K
MS = [1, 4, 16, 32, 64, 128, 256, 1024, 4096]
TP_SHAPES = ["3072x4096", "4096x2048", "1536x4096", "4096x1024", "7168x4096", "4096x3584", "768x4096", "4096x512",
             "3584x4096", "4096x1792", "2560x8192", "8192x2048", "14336x8192", "8192x7168", "1280x8192", "8192x1024",
             "7168x8192", "8192x3584", "1024x8192", "2048x8192"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default=",".join(SHAPES), help='"NxK,..." or "tp" (TP_SHAPES)')
    ap.add_argument("--ms", default=",".join(map(str, MS)))
    ap.add_argument("--fmt", default="nvfp4")
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--out", default=None, help="write the markdown table here")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    torch.manual_seed(0)
    bw = copy_bandwidth()
    rows = []
    for shape in TP_SHAPES if args.shapes == "tp" else args.shapes.split(","):
        N, K = map(int, shape.split("x"))
        w = NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * 0.02, fmt=args.fmt)
        p = marlin.prepare_weight(w)
        wb = w.dequantize(torch.bfloat16)
        for M in map(int, args.ms.split(",")):
            x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
            out = torch.empty(M, N, device="cuda", dtype=torch.bfloat16)
            t_fp4 = time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)
            t_graph = time_graph_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps) if M <= 128 else float("nan")
            t_bf16 = time_us(lambda: torch.matmul(x, wb.t()), reps=args.reps)
            fp4_bytes = p.wq.numel() + N * K // w.group_size + 2 * M * K + 2 * M * N
            floor = fp4_bytes / bw * 1e6
            src = torch.empty(fp4_bytes // 2, dtype=torch.uint8, device="cuda")
            dst = torch.empty_like(src)  # a copy moving the same bytes (read + write): includes launch and ramp
            t_copy = time_us(lambda: dst.copy_(src), reps=args.reps)
            del dst
            src = torch.empty(fp4_bytes // 16 * 16, dtype=torch.uint8, device="cuda")
            t_read = time_us(lambda: plain_read(src), reps=args.reps)
            del src
            rows.append(dict(N=N, K=K, M=M, fp4_us=t_fp4, graph_us=t_graph, bf16_us=t_bf16, floor_us=floor, copy_us=t_copy,
                             read_us=t_read,
                             speedup=t_bf16 / t_fp4, x_floor=t_fp4 / floor,
                             path=marlin.route(M, p.n16, p.kt, jit.device_arch(0), sms=marlin._num_sms(0))))
            r = rows[-1]
            print(f"{N}x{K} M={M:5d}: fp4 {t_fp4:9.1f} us  graph {t_graph:7.1f} us  bf16 {t_bf16:9.1f} us  floor {floor:8.1f} us  "
                  f"copy {t_copy:7.1f} us  read {t_read:7.1f} us  speedup {r['speedup']:5.2f}x  vs floor {r['x_floor']:5.2f}x  [{r['path']}]",
                  flush=True)
        del w, p, wb
    lines = [f"Device: {device_name()}; copy bandwidth {bw / 1e12:.2f} TB/s (read+write); fmt {args.fmt}; "
             f"median of {args.reps} runs, L2 flushed.", "",
             "| N x K | M | path | nvfp4-jit µs | in CUDA graph µs | cuBLAS bf16 µs | FP4 byte floor µs | "
             "same-bytes copy µs | same-bytes read µs | speedup vs bf16 | x floor | x copy | x read |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['N']}x{r['K']} | {r['M']} | {r['path']} | {r['fp4_us']:.1f} | {r['graph_us']:.1f} | "
                     f"{r['bf16_us']:.1f} | "
                     f"{r['floor_us']:.1f} | {r['copy_us']:.1f} | {r['read_us']:.1f} | {r['speedup']:.2f} | "
                     f"{r['x_floor']:.2f} | {r['fp4_us'] / r['copy_us']:.2f} | {r['fp4_us'] / r['read_us']:.2f} |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        open(args.out, "w").write(table + "\n")
    if args.json:
        json.dump(dict(bw=bw, device=device_name(), rows=rows), open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
