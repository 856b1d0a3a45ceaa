# nineteenth session (H100): the m16 threshold (6 x 4096x4096) on four more layers near it: m16 (forced, split K
# as choose_wgmma) against mma.sync at 12 / 16 tokens (14336x8192 and 12288x8192 take m16 by the rule, 20480x4096
# at 5x does not; 6144x16384 is narrow)
set -u
. bench/probe/dev_setup.sh
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "14336x8192 2" "12288x8192 2" "20480x4096 1"; do
  set -- $s
  timeout 60 python3 bench/ab_env.py --shapes $1 --ms 12,16 --reps 30 --env NVFP4_JIT_WGMMA=0 --env $W=16,1,2,4,$2,2,2 \
    2>&1 | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m16_threshold.log
done
