"""The stream-K wgmma kernel (NVFP4_JIT_WGMMA_STREAMK=1, bench/notes/wgmma_streamk.diff) against a float64 reference
of the dequantized product and against the default kernel, on env_check.py's cases at 17-1024 tokens, outputs
poisoned first. Not bit-identical to the default (partial tiles are summed in a different split). Prints one line
per case and FAIL lines. Optional arguments: shapes "NxK,..." and token counts "M,..." (one process per case in
bench/probe/dev_s19_streamk.sh, so that a failing launch does not take the others with it)."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from env_check import SHAPES, cases, rel, run  # noqa: E402

shapes = [tuple(map(int, s.split("x"))) for s in sys.argv[1].split(",")] if len(sys.argv) > 1 else SHAPES
ms = tuple(map(int, sys.argv[2].split(","))) if len(sys.argv) > 2 else (17, 33, 64, 128, 256, 1024)
bad = 0
for label, x, p, ref in cases(shapes, ms):
    default, streamk = (run(p, x, {"NVFP4_JIT_WGMMA_STREAMK": v}) for v in ("0", "1"))
    torch.cuda.synchronize()
    diff = ((streamk.double() - default.double()).norm() / ref.norm()).item()
    ok = rel(streamk, ref) < 1e-2 and diff < 5e-3  # (a NaN left in the output fails both)
    bad += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {label}: rel default {rel(default, ref):.2e} stream-K {rel(streamk, ref):.2e} "
          f"diff {diff:.1e}", flush=True)
print("FAILURES:", bad)
