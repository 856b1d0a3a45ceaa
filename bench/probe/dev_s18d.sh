# eighteenth session (H100): the wgmma kernel (tensor maps) below 64 tokens, where mma.sync runs now: BM = 64 tiles
# padded (NVFP4_JIT_WGMMA=1, the dispatch's configs), BM = 32 / 16 tiles (128 rows, 2 CTAs per SM, S = 4; and the
# K-group form), split K as the dispatch would choose for them; graph µs per shape at 16-48 tokens
set -u
. bench/probe/dev_setup.sh
W="NVFP4_JIT_WGMMA=1"
for s in "4096x4096 2" "6144x4096 2" "28672x4096 1" "4096x14336 4" "8192x28672 4"; do
  set -- $s
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 16,24,32,48 --reps 20 --env NVFP4_JIT_WGMMA_TMAP=1 --env $W \
    --env $W,NVFP4_JIT_WGMMA_CONFIG=32,1,2,2,$2,2,4 --env $W,NVFP4_JIT_WGMMA_CONFIG=32,1,1,4,$2,1,4,2 \
    --env $W,NVFP4_JIT_WGMMA_CONFIG=16,1,2,2,$2,2,4 2>&1 | tee -a $OUT/ab_small_bm.log
done
