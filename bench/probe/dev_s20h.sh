# twentieth session (H100), ninth call: at 17-32 tokens on the layers that keep mma.sync, the 9-16-token config of
# the same layer (two CTA rows of 16 tokens: the second row's weight reads can come from L2) against the 17-32
# config (RING_M32 / CONFIG_M32), three rounds (ab_m32_as_m16.log). Why: mma.sync takes 1.4-1.6x longer at 17 tokens
# than at 16 on these layers (gemm_h100_s20.md: 4096x4096 9.3 -> 13.3 µs at 32; ab_s32_s20_h100.log).
set -u
. bench/probe/dev_setup.sh
for s in 4096x4096 6144x4096 3072x4096 4096x7168 4096x2048 8192x3584 1280x8192 2048x8192; do
  c=$(python3 - "$s" <<'PY'
import sys
sys.path.insert(0, ".")
from nvfp4_jit import jit, marlin
N, K = map(int, sys.argv[1].split("x")); n16, kt = -(-N // 16), -(-K // 64)
cfg, sk = marlin.choose_config(16, n16, kt, 132, lambda c: marlin.ctas_per_sm(c, "sm_90a", "bf16", 16, 0))
print(",".join(map(str, (*cfg[:5], sk, *cfg[5:]))))
PY
)
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 16,24,32 --reps 30 --rounds 3 \
    --env NVFP4_JIT_MARLIN_CONFIG=$c --env NVFP4_JIT_PDL=1 2>&1 | grep -v "^NVIDIA" \
    | sed 's/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_m32_as_m16.log
done
