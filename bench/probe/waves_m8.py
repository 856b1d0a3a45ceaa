"""mma.sync tile configs by grid shape: for each shape and M, every candidate (of M's MT) with its CTAs, CTAs per SM
(occupancy of its compiled kernel), waves, and median µs (checked against the fp32 reference), fastest first.
Looks for wave-quantization losses (e.g. 28672x4096: 448 CTAs of WIDE_M8 "short" at 2 per SM = 1.7 waves).

    python bench/probe/waves_m8.py [--shapes 28672x4096,...] [--ms 1,4] [--cands "1,2,1,4,2,1;2,1,1,8,2,1,0"]
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import gemm_cases, sweep, tuning_parser  # noqa: E402

from nvfp4_jit import cli, marlin  # noqa: E402

CANDS = [(1, 2, 2, 4, 2, 1), (1, 2, 1, 8, 2, 1), (1, 2, 4, 2, 2, 1), (1, 2, 4, 2, 2, 0), (1, 2, 2, 4, 1, 1, 3),
         (1, 2, 1, 8, 1, 1, 3), (1, 2, 4, 2, 1, 1, 3), (1, 1, 1, 8, 2, 1, 3), (1, 1, 2, 4, 2, 1, 3),
         (1, 1, 4, 2, 2, 1, 3), (1, 1, 8, 1, 2, 1, 3), (1, 1, 4, 2, 4, 1), (1, 2, 1, 4, 2, 1), (1, 1, 1, 4, 2, 1, 4),
         (1, 2, 2, 2, 2, 1), (1, 1, 2, 2, 2, 1, 4)]


def main():
    ap = tuning_parser("28672x4096,6144x4096,4096x14336,4096x4096,8192x28672", "1,4", "1,2")
    ap.set_defaults(reps=30)
    ap.add_argument("--cands", default="", help="configs 'MT,NT,WN,WK,P[,xpf[,minb[,cpa]]]' separated by ';'")
    args = ap.parse_args()
    cands = [tuple(map(int, c.split(","))) for c in args.cands.split(";") if c] or CANDS
    cli.build_all([marlin.gemm_spec("sm_90a", "bf16", 16, c) for c in cands], progress=False)
    sms = torch.cuda.get_device_properties(0).multi_processor_count
    occ = {c: marlin.ctas_per_sm(c, "sm_90a", "bf16", 16, 0) for c in cands}
    for c in cands:
        print(f"{c}: {occ[c]} CTAs/SM")
    for N, K, p, wd, M, x, ref, out in gemm_cases(args.shapes, args.ms):
        auto = marlin.choose_config(M, p.n16, p.kt, sms, lambda c: marlin.ctas_per_sm(c, "sm_90a", "bf16", 16, 0))
        settings = []
        mt = 1 if M <= 8 else 2 if M <= 16 else 4 if M <= 32 else 8
        for c in cands:
            if c[0] != mt:
                continue
            for sk in map(int, args.sks.split(",")):
                if p.kt // (sk * c[3]) < 2 or (sk > 1 and c[1] != 2):
                    continue
                ctas = -(-p.n16 // (c[1] * c[2])) * sk
                settings.append(((c, sk, ctas, ctas / (occ[c] * sms)),
                                 {"NVFP4_JIT_WGMMA": "0", "NVFP4_JIT_MARLIN_CONFIG": ",".join(map(str, (*c[:5], sk, *c[5:])))}))
        res = sweep(lambda: marlin.gemm(x, p, out=out), out, ref, settings, reps=args.reps)
        print(f"== {N}x{K} M={M} auto {auto}", flush=True)
        for t, (c, sk, ctas, waves), err in res:
            print(f"  {t:6.1f} us  {c} sk{sk}  {ctas} CTAs {waves:.2f} waves" + ("" if err < 1e-2 else f" BAD {err:.1e}"),
                  flush=True)


if __name__ == "__main__":
    main()
