"""mma.sync kernel: the default tile config of each case with split K forced to 1, 2, 4, 8 (each checked against the
fp32 product of the dequantized weight).   python bench/probe/ab_gemm_sk.py [--ms 1,16,32,64]"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, time_us  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--shapes", default="4096x4096,6144x4096,4096x14336,28672x4096,8192x28672")
ap.add_argument("--ms", default="1,16,32,64")
args = ap.parse_args()
os.environ["NVFP4_JIT_WGMMA"] = "0"
for N, K, p, wd, M, x, ref, out in gemm_cases(args.shapes, args.ms):
    cfg, sk0 = marlin.choose_config(M, p.n16, p.kt, marlin._num_sms(0),
                                    lambda c: marlin.ctas_per_sm(c, "sm_90a", "bf16", p.group, 0))  # as gemm()
    res = []
    for sk in (1, 2, 4, 8):
        if p.kt // (sk * cfg[3]) < 1:
            continue
        os.environ["NVFP4_JIT_MARLIN_CONFIG"] = ",".join(map(str, (*cfg[:5], sk, *cfg[5:])))
        marlin.gemm(x, p, out=out)
        err = ((out.float() - ref).norm() / ref.norm()).item()
        res.append(f"sk={sk}{'*' if sk == sk0 else ''} {time_us(lambda: marlin.gemm(x, p, out=out), reps=30):.1f}"
                   + ("" if err < 1e-2 else f" BAD {err:.1e}"))
    os.environ.pop("NVFP4_JIT_MARLIN_CONFIG")
    print(f"{N}x{K} M={M} {cfg}: " + "  ".join(res), flush=True)
