"""Per-kernel device times (torch.profiler) of one fused_moe call and of dense GEMM / dequant calls."""
import torch
from torch.profiler import ProfilerActivity, profile

from nvfp4_jit import marlin, moe
from nvfp4_jit.numerics import NVFP4Weight


def prof(name, fn, n=20):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as p:
        for _ in range(n):
            fn()
        torch.cuda.synchronize()
    print(f"== {name} (per call, {n} calls)")
    for e in sorted(p.key_averages(), key=lambda e: -e.device_time_total)[:10]:
        print(f"  {e.device_time_total / n:8.1f} us  x{e.count // n}  {e.key[:90]}")


E, k, H, I = 128, 8, 2048, 768
w13 = moe.prepare_moe_weight([NVFP4Weight.quantize(torch.randn(2 * I, H, device="cuda") * .02) for _ in range(E)])
w2 = moe.prepare_moe_weight([NVFP4Weight.quantize(torch.randn(H, I, device="cuda") * .02) for _ in range(E)])
for M in (1, 16):
    x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
    tw, ti = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), k)
    ti = ti.int()
    prof(f"qwen3 moe M={M}", lambda: moe.fused_moe(x, w13, w2, tw, ti))
for N, K in ((4096, 4096), (28672, 4096)):
    p = marlin.prepare_weight(NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * .02))
    for M in (1, 64):
        x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
        prof(f"gemm {N}x{K} M={M}", lambda: marlin.gemm(x, p))
    prof(f"dequant {N}x{K}", lambda: marlin.dequantize(p, torch.bfloat16))
