"""Sweep the SM90a wgmma GEMM configs and split-K factors (each checked against the fp32 product of the
dequantized weight), next to cuBLAS bf16 and the mma.sync kernel.

    python bench/tune_wgmma.py --shapes 4096x4096,28672x4096 --ms 32,64,128
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import gemm_cases, sweep, time_us, tuning_parser  # noqa: E402

from nvfp4_jit import cli, marlin  # noqa: E402

CANDIDATES = {  # (BM, AT, WG, D, MINB[, S[, KG[, U]]]); plus one producer warpgroup; S super-tiles per stage (fewer
    # copies); KG groups of WG consumer warpgroups take turns by stage (more warps dequantizing per scheduler); U
    # super-tiles per wgmma batch (fewer fences / commits / waits per super-tile)
    64: [(64, 1, 2, 2, 2, 4), (64, 1, 2, 4, 1, 4), (64, 1, 1, 4, 1, 4, 2), (64, 1, 1, 8, 1, 2, 4),
         (64, 1, 2, 4, 1, 4, 2), (64, 1, 1, 4, 2, 2, 2), (64, 1, 2, 4, 1, 2, 2),
         (64, 2, 1, 4, 1, 4, 2), (64, 2, 1, 4, 1, 4), (64, 2, 1, 2, 2, 2),  # AT = 2: 128 rows per warpgroup
         (64, 1, 1, 4, 1, 4, 2, 2), (64, 1, 2, 4, 1, 4, 1, 2),  # U = 2 per wgmma batch
         (64, 1, 1, 6, 1, 2, 3), (64, 1, 1, 6, 1, 1, 3), (64, 1, 1, 8, 1, 1, 4), (64, 1, 1, 6, 1, 2, 3, 2)],  # KG 3/4
    128: [(128, 1, 1, 3, 2, 2), (128, 1, 1, 4, 1, 3), (128, 1, 1, 4, 1, 3, 2), (128, 1, 1, 4, 1, 2, 2),
          (128, 1, 1, 8, 1, 1, 4), (128, 1, 2, 4, 1, 1, 2), (128, 2, 1, 4, 1, 2, 2), (128, 2, 1, 4, 1, 2),
          (128, 1, 2, 4, 1, 2), (128, 1, 2, 3, 1, 3),  # 128 x 128 tiles, one CTA per SM
          (128, 1, 1, 4, 1, 2, 2, 2), (128, 1, 1, 4, 1, 2, 1, 2), (128, 1, 2, 4, 1, 2, 1, 2),  # U = 2
          (128, 1, 1, 6, 1, 1, 3)],
    256: [(256, 1, 2, 4, 1), (256, 1, 2, 3, 1, 2), (256, 1, 1, 4, 1, 1, 2)],
}
# decode-sized token tiles (wgmma m64n8 / m64n16; --bms 8,16): the bulk-copy pipeline against the mma.sync kernel
for _bm in (8, 16):
    CANDIDATES[_bm] = [(_bm, 1, 2, 4, 2, 4), (_bm, 1, 2, 6, 1, 4), (_bm, 1, 1, 4, 2, 4), (_bm, 2, 2, 3, 2, 2),
                       (_bm, 1, 2, 8, 1, 2), (_bm, 1, 2, 3, 2, 4)]


def main():
    ap = tuning_parser("4096x4096,6144x4096,28672x4096,4096x14336,8192x28672", "32,64,128,256,1024", "1,2,4")
    ap.add_argument("--bms", default="")
    args = ap.parse_args()
    if args.bms:  # compile the candidates in parallel first
        cli.build_all([marlin.wgmma_spec(marlin.WGMMA_ARCH, "bf16", 16, c, tmap=marlin.use_tmap(c, True))
                       for b in args.bms.split(",") for c in CANDIDATES[int(b)]], progress=False)
    for N, K, p, wd, M, x, ref, out in gemm_cases(args.shapes, args.ms):
        wb = wd.to(torch.bfloat16)
        t_bf16 = time_us(lambda: torch.matmul(x, wb.t()), reps=args.reps)
        os.environ["NVFP4_JIT_WGMMA"] = "0"
        os.environ["NVFP4_JIT_MARLIN_MAX_M"] = "100000"
        t_sync = time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps) if M <= 256 else float("nan")
        os.environ["NVFP4_JIT_MARLIN_MAX_M"] = "0"
        t_deq = time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)
        os.environ["NVFP4_JIT_WGMMA"] = "1"
        bms = [int(b) for b in args.bms.split(",")] if args.bms else [b for b in CANDIDATES if b <= max(2 * M, 64)]
        settings = [((cfg, sk), {"NVFP4_JIT_WGMMA_CONFIG": ",".join(map(str, (*cfg[:4], sk, *cfg[4:])))})
                    for bm in bms for cfg in CANDIDATES[bm]
                    for sk in map(int, args.sks.split(",")) if p.kt // sk >= 4]
        res = sweep(lambda: marlin.gemm(x, p, out=out), out, ref, settings, reps=args.reps)
        t_forced = time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)
        auto = marlin.choose_wgmma(M, p.n16, p.kt, 132)
        os.environ.pop("NVFP4_JIT_MARLIN_MAX_M")
        os.environ.pop("NVFP4_JIT_WGMMA")
        t_auto = time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)  # the default dispatch
        bad = [r for r in res if not r[2] < 1e-2]
        print(f"{N}x{K} M={M}: cuBLAS {t_bf16:.1f}  mma.sync {t_sync:.1f}  dequant+cuBLAS {t_deq:.1f}  wgmma {auto} {t_forced:.1f}  "
              f"default dispatch {t_auto:.1f} (x{t_bf16 / t_auto:.2f} vs bf16)  "
              f"BAD={[r[1:] for r in bad]}")
        for t, (cfg, sk), err in res[:6]:
            print(f"    {t:8.1f} us  cfg={cfg} sk={sk} err={err:.2e}  x{t_bf16 / t:.2f} vs bf16")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
