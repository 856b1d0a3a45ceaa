"""Times of the mma.sync cp.async-ring rows (default dispatch where it picks a ring config; label first), optionally
with the ring config's MINB replaced: run once per template variant for a same-machine A/B.
    python bench/probe/ring_times.py LABEL [CFG16 [all]]   (CFG16: a config replacing RING_M16_WIDE, "-" for none;
    all: every 12..32-token row on the ring config of its M, split K as choose_config does)"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, time_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402

cfg16 = tuple(map(int, sys.argv[2].split(","))) if len(sys.argv) > 2 and sys.argv[2] != "-" else None
force = len(sys.argv) > 3 and sys.argv[3] == "all"
res = []
for N, K, p, wd, M, x, ref, out in gemm_cases("4096x4096,6144x4096,28672x4096,4096x14336,8192x28672", "12,16,32"):
    if marlin.route(M, p.n16, p.kt, jit.device_arch(0)) != "mma.sync":
        continue
    cfg, sk = marlin.choose_config(M, p.n16, p.kt, marlin._num_sms(0))
    if force:
        cfg, sk = marlin.RING_M16_WIDE if M <= 16 else marlin.RING_M32, 1
        while -(-p.n16 // (cfg[1] * cfg[2])) * -(-M // (8 * cfg[0])) * sk < 198 and p.kt // (sk * 2 * cfg[3]) >= 2:
            sk *= 2
    if len(cfg) < 8 or not cfg[7]:
        continue
    if cfg16 is not None and cfg == marlin.RING_M16_WIDE:
        cfg = cfg16
    os.environ["NVFP4_JIT_MARLIN_CONFIG"] = ",".join(map(str, (*cfg[:5], sk, *cfg[5:])))
    marlin.gemm(x, p, out=out)
    err = ((out.float() - ref).norm() / ref.norm()).item()
    t = time_us(lambda: marlin.gemm(x, p, out=out), reps=50)
    del os.environ["NVFP4_JIT_MARLIN_CONFIG"]
    res.append(f"{N}x{K}/{M}: {t:.1f}" + ("" if err < 1e-2 else f" BAD {err:.1e}"))
print(sys.argv[1], " | ".join(res), flush=True)
