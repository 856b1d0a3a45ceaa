"""Outputs of the dense wgmma path under several values of one environment variable must be bit-identical (the
same math; only how the data reaches shared memory differs: NVFP4_JIT_WGMMA_TMAP, NVFP4_JIT_WGMMA_CLUSTER), on
layer shapes and odd ones (N16 and KT tails), NVFP4 / MXFP4, poisoned outputs, and within 1e-2 of a float64
reference where that fits. Usage: env_check.py VAR V0 V1 [V2 ...] (each compared with V0). Prints one line per case
and FAIL lines."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from nvfp4_jit import marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

var, vals = sys.argv[1], sys.argv[2:]
torch.manual_seed(0)
bad = 0
os.environ["NVFP4_JIT_WGMMA"] = "1"
for N, K in ((28672, 4096), (8192, 28672), (4096, 14336), (4096, 4096), (6144, 4096), (2032, 4160), (1040, 4160),
             (272, 1088), (4000, 2880)):
    for fmt in ("nvfp4", "mxfp4"):
        if fmt == "mxfp4" and K % 32:
            continue
        W = torch.randn(N, K, device="cuda") * 0.02
        q = NVFP4Weight.quantize(W, fmt)
        p = marlin.prepare_weight(q)
        for M in (33, 64, 128, 256, 1024):
            if N * K > 4096 * 14336 and M > 256:
                continue
            x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
            outs = []
            for v in vals:
                os.environ[var] = v
                o = torch.full((M, N), float("nan"), device="cuda", dtype=torch.bfloat16)
                marlin.gemm(x, p, out=o)
                outs.append(o)
            torch.cuda.synchronize()
            same = all(torch.equal(outs[0], o) for o in outs[1:])
            ref = x.double() @ q.dequantize(torch.float64).T if N * K <= 4096 * 4096 else None
            rel = max(((o.double() - ref).norm() / ref.norm()).item() for o in outs) if ref is not None else float("nan")
            ok = same and not any(o.isnan().any() for o in outs) and (ref is None or rel < 1e-2)
            bad += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {fmt} {N}x{K} M={M}: identical={same} rel={rel:.2e}", flush=True)
print("FAILURES:", bad)
