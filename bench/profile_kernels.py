"""Per-kernel device times (torch.profiler, L2 flushed before every call) of fused_moe for the bench/moe.py models
(fused SwiGLU) and of dense GEMM / dequant calls.

    python bench/profile_kernels.py [--models qwen3,mixtral,gptoss] [--ms 1,16] [--gemm]
"""
import argparse
import os
import sys

import torch
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import flush_l2  # noqa: E402
from moe import MODELS  # noqa: E402

from nvfp4_jit import marlin, moe  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402


def prof(name, fn, n=20):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as p:
        for _ in range(n):
            flush_l2()
            fn()
        torch.cuda.synchronize()
    print(f"== {name} (per call, {n} calls; the flush kernels excluded)")
    for e in sorted(p.key_averages(), key=lambda e: -e.device_time_total)[:10]:
        if "reduce_kernel" not in e.key:  # flush_l2's read pass
            print(f"  {e.device_time_total / n:8.1f} us  x{e.count // n}  {e.key[:90]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="qwen3,mixtral,gptoss")
    ap.add_argument("--ms", default="1,16")
    ap.add_argument("--gemm", action="store_true", help="also dense GEMMs (4096x4096, 28672x4096) and dequant")
    args = ap.parse_args()
    for name in args.models.split(","):
        E, k, H, I, fmt = MODELS[name]
        w13 = moe.prepare_moe_weight([NVFP4Weight.quantize(torch.randn(2 * I, H, device="cuda") * .02, fmt=fmt)
                                      for _ in range(E)], gate_up=True)
        w2 = moe.prepare_moe_weight([NVFP4Weight.quantize(torch.randn(H, I, device="cuda") * .02, fmt=fmt)
                                     for _ in range(E)])
        for M in map(int, args.ms.split(",")):
            x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
            tw, ti = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), k)
            ti = ti.int()
            prof(f"{name} moe M={M}", lambda: moe.fused_moe(x, w13, w2, tw, ti))
    if args.gemm:
        for N, K in ((4096, 4096), (28672, 4096)):
            p = marlin.prepare_weight(NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * .02))
            for M in (1, 64):
                x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
                prof(f"gemm {N}x{K} M={M}", lambda: marlin.gemm(x, p))
            prof(f"dequant {N}x{K}", lambda: marlin.dequantize(p, torch.bfloat16))


if __name__ == "__main__":
    main()
