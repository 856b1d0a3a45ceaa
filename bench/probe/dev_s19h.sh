# nineteenth session: the new small-M rule again (asked for an H200; it ran on an H100, ab_m16_rule2_s19_h100.log): m16 against mma.sync at 12 / 16 tokens, m32r
# against the old m32 tile at 32 tokens, on the layers the rule covers
set -u
. bench/probe/dev_setup.sh
timeout 100 python3 bench/ab_env.py --shapes 28672x4096,8192x28672,24576x4096,8192x14336 --ms 12,16 --reps 30 \
  --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_PDL=1 2>&1 | tee $OUT/ab_m16_h200.log
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "28672x4096 1" "8192x28672 4"; do
  set -- $s
  timeout 60 python3 bench/ab_env.py --shapes $1 --ms 32 --reps 30 --env $W=32,1,2,2,$2,2,4 --env NVFP4_JIT_PDL=1 \
    2>&1 | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m32r_h200.log
done
