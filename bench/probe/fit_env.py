"""Lines "NxK M OLD NEW" for bench/probe/dev_s26c.sh: the default wgmma config of each shape and M (132 SMs) as an
NVFP4_JIT_WGMMA_CONFIG value, and the same tile with its token tile fitted to M (BM = ceil(M / row blocks) rounded
up to 16), where that is smaller. Where the default is a fitted twin (marlin.WGMMA_FITS): its base tile, and it.

    python bench/probe/fit_env.py 28672x4096,... 40,48,160
"""
import sys

from nvfp4_jit import marlin


def env(cfg, sk):
    BM, AT, WG, D, minb, s, kg, u = marlin._wgmma_full(cfg)
    return ",".join(map(str, (BM, AT, WG, D, sk, minb, s, kg, u)))


for shape in sys.argv[1].split(","):
    N, K = map(int, shape.split("x"))
    n16, kt = N // 16, K // 64
    for M in map(int, sys.argv[2].split(",")):
        if marlin.route(M, n16, kt, "sm_90a", sms=132) != "wgmma":
            continue
        cfg, sk = marlin.choose_wgmma(M, n16, kt, 132)
        C = marlin.WGMMA_CONFIGS
        base = next((b for b, fits in marlin.WGMMA_FITS.items() if cfg in (C[f] for f in fits)), None)
        if base:
            print(shape, M, env(C[base], sk), env(cfg, sk))
            continue
        rows = -(-M // cfg[0])
        bm = -(-M // (16 * rows)) * 16  # ceil(M / rows) rounded up to 16
        if bm < cfg[0]:
            print(shape, M, env(cfg, sk), env((bm,) + tuple(cfg[1:]), sk))
