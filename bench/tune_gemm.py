"""Sweep the Marlin GEMM tile configs and split-K factors (checks each against cuBLAS on the dequantized weight).

    python bench/tune_gemm.py --shapes 4096x4096,28672x4096 --ms 1,16,64
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import gemm_cases, sweep, time_us, tuning_parser  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402


CANDIDATES = [(*c, x) for c in [
    (1, 1, 1, 8, 2), (1, 1, 1, 8, 4), (1, 1, 2, 4, 2), (1, 1, 2, 4, 4), (1, 1, 4, 2, 2), (1, 1, 1, 4, 4),
    (1, 2, 1, 8, 2), (1, 2, 2, 4, 2),
    (2, 1, 1, 8, 2), (2, 1, 2, 4, 2), (2, 1, 4, 2, 2), (2, 1, 1, 4, 4), (2, 1, 1, 8, 4),
    (2, 2, 1, 8, 2), (2, 2, 2, 4, 2),
    (4, 1, 1, 8, 2), (4, 1, 2, 4, 2), (4, 1, 4, 2, 2), (4, 2, 2, 2, 2), (4, 1, 8, 1, 2),
    (8, 1, 2, 4, 2), (8, 1, 4, 2, 2), (8, 2, 2, 2, 2), (8, 2, 4, 1, 2), (8, 1, 8, 1, 2), (8, 2, 1, 4, 1),
] for x in (0, 1)]


def main():
    args = tuning_parser("4096x4096,28672x4096,4096x14336", "1,16,32,64,128", "1,2,4,8").parse_args()
    for N, K, p, wd, M, x, ref, out in gemm_cases(args.shapes, args.ms):
        auto_cfg = marlin.choose_config(M, p.n16, p.kt, 132)
        settings = [((cfg, sk), {"NVFP4_JIT_MARLIN_MAX_M": "100000", "NVFP4_JIT_WGMMA": "0",
                                 "NVFP4_JIT_MARLIN_CONFIG": ",".join(map(str, (*cfg[:5], sk, cfg[5])))})
                    for cfg in CANDIDATES if cfg[0] == (1 if M <= 8 else 2 if M <= 16 else 4 if M <= 32 else 8)
                    for sk in map(int, args.sks.split(",")) if p.kt // (sk * cfg[3]) >= 1]
        res = sweep(lambda: marlin.gemm(x, p, out=out), out, ref, settings, reps=args.reps)
        t_auto = time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)
        bad = [r for r in res if not r[2] < 1e-2]
        print(f"{N}x{K} M={M}: auto {auto_cfg} {t_auto:.1f} us | best " +
              "; ".join(f"{c}/sk{s} {t:.1f}" for t, (c, s), _ in res[:4]) + (f" | BAD {bad}" if bad else ""),
              flush=True)


if __name__ == "__main__":
    main()
