# twentieth session (H100), fourth call: the one-warpgroup 32-token tiles (s32x2 / s32x3) against mma.sync at 17-32
# tokens on the layers mma.sync takes there (narrow ones and wide ones below 3 x 4096x4096), with the dispatch's
# split K and twice it (slices of >= 16 super-tiles, while one wave); then the README table's M = 32 / 64 columns
# at the tree (gemm_m3264.md).
set -u
. bench/probe/dev_setup.sh
envs() {  # shape -> --env arguments: s32x2 / s32x3 at the dispatch's split K and at twice it where that fits
  python3 - "$1" <<'PY'
import sys
sys.path.insert(0, ".")
from nvfp4_jit import marlin
N, K = map(int, sys.argv[1].split("x")); n16, kt, sms = -(-N // 16), -(-K // 64), 132
out = []
for name in ("s32x2", "s32x3"):
    cfg = marlin.WGMMA_CONFIGS[name]
    sk = marlin.wgmma_split_k(cfg, 32, n16, kt, sms)
    ctas = marlin.wgmma_ctas(cfg, 32, n16)
    for s in dict.fromkeys((sk, 2 * sk if kt // (2 * sk) >= 16 and 2 * sk * ctas <= sms * cfg[4] else sk)):
        out.append("--env NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=" + ",".join(map(str, (*cfg[:4], s, *cfg[4:]))))
print(" ".join(out))
PY
}
for s in 4096x14336 4096x4096 6144x4096 8192x4096 10240x4096 5120x8192 2048x8192 4096x28672; do
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 17,24,32 --reps 30 --env NVFP4_JIT_WGMMA=0 $(envs $s) 2>&1 \
    | grep -v "^NVIDIA" | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_s32.log
done
timeout 150 python3 bench/gemm.py --reps 50 --ms 32,64 --out $OUT/gemm_m3264.md --json $OUT/gemm_m3264.json 2>&1 | tail -3
