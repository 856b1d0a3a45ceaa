"""The stream-K wgmma kernel (NVFP4_JIT_WGMMA_STREAMK=1) against a float64 reference of the dequantized product and
against the default kernel, on layer shapes and odd ones (N16 and KT tails), NVFP4 / MXFP4, 17-1024 tokens, outputs
poisoned first. Not bit-identical to the default (partial tiles are summed in a different split). Prints one line
per case and FAIL lines. Optional arguments: shapes "NxK,..." and token counts "M,..." (one process per case in
bench/probe/dev_s19_streamk.sh, so that a failing launch does not take the others with it)."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from nvfp4_jit import marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

torch.manual_seed(0)
bad = 0
os.environ["NVFP4_JIT_WGMMA"] = "1"
SHAPES = ((28672, 4096), (8192, 28672), (4096, 14336), (4096, 4096), (6144, 4096), (2032, 4160), (1040, 4160),
          (272, 1088), (4000, 2880))
if len(sys.argv) > 1:
    SHAPES = [tuple(map(int, s.split("x"))) for s in sys.argv[1].split(",")]
MS = tuple(map(int, sys.argv[2].split(","))) if len(sys.argv) > 2 else (17, 33, 64, 128, 256, 1024)
for N, K in SHAPES:
    for fmt in ("nvfp4", "mxfp4"):
        if fmt == "mxfp4" and K % 32:
            continue
        W = torch.randn(N, K, device="cuda") * 0.02
        q = NVFP4Weight.quantize(W, fmt)
        p = marlin.prepare_weight(q)
        wd = q.dequantize(torch.float64)
        for M in MS:
            if N * K > 4096 * 14336 and M > 256:
                continue
            x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
            ref = x.double() @ wd.T
            outs = []
            for v in ("0", "1"):
                os.environ["NVFP4_JIT_WGMMA_STREAMK"] = v
                o = torch.full((M, N), float("nan"), device="cuda", dtype=torch.bfloat16)
                marlin.gemm(x, p, out=o)
                outs.append(o)
            torch.cuda.synchronize()
            rel = [((o.double() - ref).norm() / ref.norm()).item() for o in outs]
            diff = ((outs[1].double() - outs[0].double()).norm() / ref.norm()).item()
            ok = not outs[1].isnan().any() and rel[1] < 1e-2 and diff < 5e-3
            bad += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {fmt} {N}x{K} M={M}: rel default {rel[0]:.2e} stream-K {rel[1]:.2e} "
                  f"diff {diff:.1e}", flush=True)
print("FAILURES:", bad)
