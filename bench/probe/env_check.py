"""Outputs of the dense wgmma path under several values of one environment variable must be bit-identical (the
same math; only how the data reaches shared memory differs: NVFP4_JIT_WGMMA_TMAP, NVFP4_JIT_WGMMA_CLUSTER), on
layer shapes and odd ones (N16 and KT tails), NVFP4 / MXFP4, poisoned outputs, and within 1e-2 of a float64
reference. Usage: env_check.py VAR V0 V1 [V2 ...] (each compared with V0). Prints one line per case and FAIL
lines. cases() is shared with streamk_check.py."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from nvfp4_jit import marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

SHAPES = ((28672, 4096), (8192, 28672), (4096, 14336), (4096, 4096), (6144, 4096), (2032, 4160), (1040, 4160),
          (272, 1088), (4000, 2880))


def cases(shapes=SHAPES, ms=(33, 64, 128, 256, 1024)):
    """(label, x, prepared weight, float64 reference) per shape, format (NVFP4; MXFP4 where K % 32 == 0) and M;
    M > 256 only up to 4096x14336 (forces the wgmma path)."""
    torch.manual_seed(0)
    os.environ["NVFP4_JIT_WGMMA"] = "1"
    for N, K in shapes:
        for fmt in ("nvfp4", "mxfp4") if K % 32 == 0 else ("nvfp4",):
            q = NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * 0.02, fmt)
            p, wd = marlin.prepare_weight(q), q.dequantize(torch.float64)
            for M in ms:
                if N * K > 4096 * 14336 and M > 256:
                    continue
                x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
                yield f"{fmt} {N}x{K} M={M}", x, p, x.double() @ wd.T


def run(p, x, env: dict):
    """marlin.gemm into a NaN-poisoned output under the given environment settings."""
    os.environ.update(env)
    o = torch.full((x.shape[0], p.n), float("nan"), device="cuda", dtype=torch.bfloat16)
    marlin.gemm(x, p, out=o)
    return o


def rel(o, ref) -> float:
    return ((o.double() - ref).norm() / ref.norm()).item()


if __name__ == "__main__":
    var, vals = sys.argv[1], sys.argv[2:]
    bad = 0
    for label, x, p, ref in cases():
        outs = [run(p, x, {var: v}) for v in vals]
        torch.cuda.synchronize()
        same = all(torch.equal(outs[0], o) for o in outs[1:])
        err = max(rel(o, ref) for o in outs)
        ok = same and err < 1e-2  # (a NaN left in an output fails both)
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {label}: identical={same} rel={err:.2e}", flush=True)
    print("FAILURES:", bad)
