"""Sweep the Marlin (mma.sync) GEMM tile configs and split-K factors (checks each against the fp32 product of the
dequantized weight): the register-pipelined configs and the cp.async-ring ones (cpa stages, SM80+).

    python bench/tune_gemm.py --shapes 4096x4096,28672x4096 --ms 1,16,64 [--arch sm_90a]
    python bench/tune_gemm.py --shapes 28672x4096 --ms 1 --configs "1,4,1,4,1,1;1,4,1,2,2,1"
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import gemm_cases, sweep, time_us, tuning_parser  # noqa: E402

from nvfp4_jit import cli, jit, marlin  # noqa: E402

# (MT, NT, WN, WK, P) with xpf 0/1: the register pipeline (two batches of P super-tiles per warp in registers)
REGISTER = [(*c, x) for c in [
    (1, 1, 1, 8, 2), (1, 1, 1, 8, 4), (1, 1, 2, 4, 2), (1, 1, 2, 4, 4), (1, 1, 4, 2, 2), (1, 1, 1, 4, 4),
    (1, 2, 1, 8, 2), (1, 2, 2, 4, 2), (1, 2, 1, 4, 2), (1, 2, 1, 4, 4), (1, 2, 1, 2, 2), (1, 2, 1, 2, 4),
    (1, 1, 1, 4, 2), (1, 1, 1, 2, 4),  # one column of 2-4 K-warps: more, smaller CTAs
    (2, 1, 1, 8, 2), (2, 1, 2, 4, 2), (2, 1, 4, 2, 2), (2, 1, 1, 4, 4), (2, 1, 1, 8, 4),
    (2, 2, 1, 8, 2), (2, 2, 2, 4, 2),
    (4, 1, 1, 8, 2), (4, 1, 2, 4, 2), (4, 1, 4, 2, 2), (4, 2, 2, 2, 2), (4, 1, 8, 1, 2),
    (8, 1, 2, 4, 2), (8, 1, 4, 2, 2), (8, 2, 2, 2, 2), (8, 2, 4, 1, 2), (8, 1, 8, 1, 2), (8, 2, 1, 4, 1),
] for x in (0, 1)]
# (NT, WN, WK, P) per MT for the cp.async ring, R stages, xpf 0/1 (MT 8: xpf 0)
_RING = {
    1: [(1, 1, 8, 1), (1, 1, 8, 2), (2, 1, 8, 1), (2, 1, 8, 2), (2, 2, 4, 1), (2, 2, 4, 2), (1, 2, 4, 2), (4, 1, 8, 1),
        (2, 4, 2, 2)],
    4: [(1, 2, 4, 2), (2, 2, 2, 2), (2, 1, 4, 1), (1, 1, 8, 2), (2, 2, 4, 1)],
    8: [(2, 1, 4, 1), (2, 2, 2, 1), (1, 2, 4, 1), (2, 4, 2, 1)],
}
_RING[2] = _RING[1]
SMEM_MAX = 227 * 1024
RING = [c for mt, bases in _RING.items() for (nt, wn, wk, p) in bases for r in ((3, 4, 6) if mt <= 2 else (3, 4))
        for x in ((0, 1) if mt < 8 else (0,))
        if marlin.gemm_smem((c := (mt, nt, wn, wk, p, x, 0, r)), "sm_90a", 16) <= SMEM_MAX]
CANDIDATES = REGISTER + RING


def main():
    ap = tuning_parser("4096x4096,28672x4096,4096x14336", "1,16,32,64,128", "1,2,4,8")
    ap.add_argument("--arch", default="sm_90a", help="to compile the candidates in parallel before CUDA starts")
    ap.add_argument("--only", default="", help="'ring' or 'register': sweep only those candidates")
    ap.add_argument("--configs", default="", help="';'-separated configs MT,NT,WN,WK,P,XPF[,MINB[,CPA]] to sweep "
                    "instead of the candidates")
    args = ap.parse_args()
    cands = {"ring": RING, "register": REGISTER}.get(args.only, CANDIDATES)
    if args.configs:
        cands = [tuple(int(v) for v in c.split(",")) for c in args.configs.split(";") if c]
    cli.build_all([marlin.gemm_spec(args.arch, "bf16", 16, c) for c in cands], progress=False)
    for N, K, p, wd, M, x, ref, out in gemm_cases(args.shapes, args.ms):
        auto_cfg = marlin.choose_config(M, p.n16, p.kt, torch.cuda.get_device_properties(0).multi_processor_count,
                                        lambda c: marlin.ctas_per_sm(c, jit.device_arch(0), "bf16", 16, 0))  # as gemm()
        mt = 1 if M <= 8 else 2 if M <= 16 else 4 if M <= 32 else 8
        settings = [((cfg, sk), {"NVFP4_JIT_MARLIN_MAX_M": "100000", "NVFP4_JIT_WGMMA": "0",
                                 "NVFP4_JIT_MARLIN_CONFIG": ",".join(map(str, (*cfg[:5], sk, *cfg[5:])))})
                    for cfg in cands if cfg[0] == mt
                    for sk in map(int, args.sks.split(",")) if p.kt // (sk * cfg[3]) >= 1]
        res = sweep(lambda: marlin.gemm(x, p, out=out), out, ref, settings, reps=args.reps)
        t_auto = time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)
        bad = [r for r in res if not r[2] < 1e-2]
        best_reg = next((r for r in res if len(r[1][0]) < 8), None)
        print(f"{N}x{K} M={M}: auto {auto_cfg} {t_auto:.1f} us | best " +
              "; ".join(f"{c}/sk{s} {t:.1f}" for t, (c, s), _ in res[:5]) +
              (f" | best register {best_reg[1][0]}/sk{best_reg[1][1]} {best_reg[0]:.1f}" if best_reg else "") +
              (f" | BAD {bad}" if bad else ""), flush=True)


if __name__ == "__main__":
    main()
