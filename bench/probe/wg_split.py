# per-kernel device times (torch.profiler, L2 flushed) of the wgmma path for a few configs / split-K factors
import os, sys, torch
sys.path.insert(0, "bench"); sys.path.insert(0, ".")
from torch.profiler import ProfilerActivity, profile
from common import flush_l2, time_us
from nvfp4_jit import marlin
from nvfp4_jit.numerics import NVFP4Weight
os.environ["NVFP4_JIT_WGMMA"] = "1"
for N, K, M, cfgs in ((4096, 4096, 128, ["128,1,1,4,1,1,3", "128,1,1,4,2,1,3", "128,1,1,4,4,1,3", "64,1,1,2,1,2,4", "64,1,1,2,2,2,4", "64,1,2,4,2,1,4"]),
                      (4096, 4096, 64, ["64,1,2,4,1,1,4", "64,1,2,4,2,1,4", "64,1,1,2,1,2,4", "64,1,1,2,2,2,4", "64,1,1,2,4,2,4"])):
    p = marlin.prepare_weight(NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * 0.02))
    x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
    ref = x.float() @ (marlin.dequantize(p, torch.bfloat16).float() * p.gscale_host).t()
    for c in cfgs:
        os.environ["NVFP4_JIT_WGMMA_CONFIG"] = c
        out = marlin.gemm(x, p)
        err = ((out.float() - ref).norm() / ref.norm()).item()
        t = time_us(lambda: marlin.gemm(x, p), reps=30)
        with profile(activities=[ProfilerActivity.CUDA]) as pr:
            for _ in range(10):
                flush_l2(); marlin.gemm(x, p)
            torch.cuda.synchronize()
        ks = {e.key[:20]: e.device_time_total / 10 for e in pr.key_averages() if "fp4" in e.key}
        print(f"{N}x{K} M={M} cfg {c}: event {t:.1f} us  " + "  ".join(f"{k} {v:.1f}" for k, v in ks.items()) + f"  err {err:.1e}", flush=True)
