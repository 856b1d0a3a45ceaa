"""A/B at the mma.sync / wgmma boundary of small layers (M = 64): default dispatch vs NVFP4_JIT_WGMMA=0, each
checked against the fp32 product of the dequantized weight.   python bench/probe/ab_wgmma_small.py"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, time_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402

for N, K, p, wd, M, x, ref, out in gemm_cases("1024x4096,2048x4096,3072x4096,4096x4096,2048x8192", "64"):
    res = {}
    for env in ("", "0"):
        os.environ["NVFP4_JIT_WGMMA"] = env
        marlin.gemm(x, p, out=out)
        err = ((out.float() - ref).norm() / ref.norm()).item()
        res[env or "default"] = (time_us(lambda: marlin.gemm(x, p, out=out), reps=50), err)
    os.environ.pop("NVFP4_JIT_WGMMA")
    print(f"{N}x{K} M={M}: default [{marlin.route(M, p.n16, p.kt, jit.device_arch(0))} "
          f"{marlin.choose_wgmma(M, p.n16, p.kt, 132)}] {res['default'][0]:.1f} us (err {res['default'][1]:.1e})  "
          f"NVFP4_JIT_WGMMA=0 {res['0'][0]:.1f} us (err {res['0'][1]:.1e})", flush=True)
