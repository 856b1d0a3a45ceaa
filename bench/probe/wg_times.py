"""Times of the default dispatch on the wgmma-routed GEMM rows (label first): run once per template variant for a
same-machine A/B.   python bench/probe/wg_times.py LABEL"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, time_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402

res = []
for N, K, p, wd, M, x, ref, out in gemm_cases("4096x4096,6144x4096,28672x4096,4096x14336,8192x28672", "64,128,256,1024"):
    if marlin.route(M, p.n16, p.kt, jit.device_arch(0)) != "wgmma":
        continue
    marlin.gemm(x, p, out=out)
    err = ((out.float() - ref).norm() / ref.norm()).item()
    t = time_us(lambda: marlin.gemm(x, p, out=out), reps=50)
    res.append(f"{N}x{K}/{M}: {t:.1f}" + ("" if err < 1e-2 else f" BAD {err:.1e}"))
print(sys.argv[1], " | ".join(res), flush=True)
