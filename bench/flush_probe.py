"""How the L2 flush before each timed run changes decode-size timings (bench/common.py FLUSH).

    python bench/flush_probe.py [--shapes 4096x4096,...] [--ms 1,16] [--moe]

For each layer and M: the GEMM, a read-only pass over the same bytes (int32 max-reduction) and a copy of the same
bytes, each timed after a "write" flush (zero-fill a 512 MiB buffer: leaves the L2 full of dirty lines) and after a
"read" flush (stream the buffer through the L2: clean lines). With --moe also fused_moe decode in a CUDA graph.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import copy_bandwidth, device_name, moe_cases, read_bandwidth, time_graph_us, time_us  # noqa: E402

from nvfp4_jit import marlin, moe  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

MODES = ("write", "read")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default="4096x4096,6144x4096,28672x4096,4096x14336,8192x28672")
    ap.add_argument("--ms", default="1,16")
    ap.add_argument("--moe", action="store_true")
    ap.add_argument("--reps", type=int, default=40)
    args = ap.parse_args()
    torch.manual_seed(0)
    bw_copy, bw_read = copy_bandwidth(), read_bandwidth()
    print(f"{device_name()}: copy {bw_copy / 1e12:.2f} TB/s (read+write), read {bw_read / 1e12:.2f} TB/s")
    print("| N x K | M | MB | floor µs (copy bw) | gemm write / read flush µs | same-bytes read w / r µs "
          "| same-bytes copy w / r µs |")
    print("|---|---|---|---|---|---|---|")
    for shape in args.shapes.split(","):
        N, K = map(int, shape.split("x"))
        p = marlin.prepare_weight(NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * 0.02))
        for M in map(int, args.ms.split(",")):
            x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
            out = torch.empty(M, N, device="cuda", dtype=torch.bfloat16)
            nbytes = p.wq.numel() + p.sc.numel() + 2 * M * K + 2 * M * N
            src = torch.ones(nbytes // 4, dtype=torch.int32, device="cuda")
            dst = torch.empty_like(src[: nbytes // 8])
            g = [time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps, flush=f) for f in MODES]
            r = [time_us(lambda: src.max(), reps=args.reps, flush=f) for f in MODES]
            c = [time_us(lambda: dst.copy_(src[: nbytes // 8]), reps=args.reps, flush=f) for f in MODES]
            print(f"| {N}x{K} | {M} | {nbytes / 1e6:.1f} | {nbytes / bw_copy * 1e6:.1f} | {g[0]:.1f} / {g[1]:.1f} | "
                  f"{r[0]:.1f} / {r[1]:.1f} | {c[0]:.1f} / {c[1]:.1f} |", flush=True)
        del p
    if not args.moe:
        return
    print("\n| MoE | M | gemm-graph write / read flush µs |\n|---|---|---|")
    for name, M, x, p13, p2, tw, ti in moe_cases("qwen3,mixtral,gptoss", args.ms):
        t = [time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=args.reps, flush=f) for f in MODES]
        print(f"| {name} | {M} | {t[0]:.1f} / {t[1]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
