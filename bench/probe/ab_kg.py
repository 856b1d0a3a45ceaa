# A/B of the wgmma dispatch with the K-group tiles against forced alternatives (event us, L2 flushed)
import os, sys, torch
sys.path.insert(0, "bench"); sys.path.insert(0, ".")
from common import gemm_cases, time_us, env_overrides
from nvfp4_jit import marlin
S = {"default": {}, "m64k sk1": {"NVFP4_JIT_WGMMA": "1", "NVFP4_JIT_WGMMA_CONFIG": "64,1,1,4,1,1,4,2"},
     "m64k sk2": {"NVFP4_JIT_WGMMA": "1", "NVFP4_JIT_WGMMA_CONFIG": "64,1,1,4,2,1,4,2"},
     "m64d sk4 (old)": {"NVFP4_JIT_WGMMA": "1", "NVFP4_JIT_WGMMA_CONFIG": "64,1,2,4,4,1,4"},
     "m128k": {"NVFP4_JIT_WGMMA": "1", "NVFP4_JIT_WGMMA_CONFIG": "128,1,1,4,1,1,3,2"},
     "mma.sync": {"NVFP4_JIT_WGMMA": "0"}}
for shapes, ms in (("4096x14336", "64,96"), ("4096x4096", "64,96,128"), ("2048x2048", "64,128,256"), ("6144x4096", "96")):
    for N, K, p, _, M, x, ref, out in gemm_cases(shapes, ms):
        row = []
        for name, env in S.items():
            with env_overrides(env):
                out.fill_(float("nan")); marlin.gemm(x, p, out=out)
                err = ((out.float() - ref).norm() / ref.norm()).item()
                row.append(f"{name} {time_us(lambda: marlin.gemm(x, p, out=out), reps=30):.1f}" + ("" if err < 1e-2 else f" ERR {err:.1e}"))
        print(f"{N}x{K} M={M} route {marlin.route(M, p.n16, p.kt, 'sm_90a')} {marlin.choose_wgmma(M, p.n16, p.kt, 132)}: " + "  ".join(row), flush=True)
