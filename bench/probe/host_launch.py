"""Host time per marlin.gemm call in eager mode (no graph): a ping-pong chain of small decode GEMMs, where the GPU
is faster than the host, with NVFP4_JIT_PDL=0 (CuPy launches) and =1 (PDL launches through cuLaunchKernelEx).
    python bench/probe/host_launch.py [--n 2000]"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import env_overrides  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=2000)
args = ap.parse_args()
ps = [marlin.prepare_weight(NVFP4Weight.quantize(torch.randn(1024, 1024, device="cuda") * 0.03)) for _ in range(2)]
bufs = [torch.randn(1, 1024, device="cuda", dtype=torch.bfloat16), torch.empty(1, 1024, device="cuda",
                                                                                dtype=torch.bfloat16)]
for rnd in range(2):
    for env in ("0", "1"):
        with env_overrides({"NVFP4_JIT_PDL": env}):
            for i in range(20):
                marlin.gemm(bufs[i % 2], ps[i % 2], out=bufs[(i + 1) % 2])
            torch.cuda.synchronize()
            n0 = jit.stats["pdl_launches"]
            t = time.perf_counter()
            for i in range(args.n):
                marlin.gemm(bufs[i % 2], ps[i % 2], out=bufs[(i + 1) % 2])
            torch.cuda.synchronize()
            dt = (time.perf_counter() - t) / args.n * 1e6
        print(f"NVFP4_JIT_PDL={env}: {dt:.1f} us per call (host), {jit.stats['pdl_launches'] - n0} PDL launches",
              flush=True)
