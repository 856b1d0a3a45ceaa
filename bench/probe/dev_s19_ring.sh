# prepared in the eighteenth session (H100): deeper rings of shorter stages at 32 / 64 tokens, now that a stage is
# 3 copies whatever S (tensor maps). Before them, S = 2 rings lost 30-50% (seventeenth session, per-warp copies).
# Why try again: with D = 2 the producer can only refill a slot one stage ahead, so each SM has about one stage of
# weights in flight per CTA. 28672x4096 M = 64 streams 1.7 TB/s, i.e. ~2.5 µs per slot round trip. Deeper rings of
# S = 1-2 super-tiles put 1.5-1.75x more weight bytes in flight at the same shared memory (2 CTAs per SM kept).
# Graph µs, split K as the dispatch (28672x4096: 1, 8192x28672 / 4096x14336: 4).
set -u
. bench/probe/dev_setup.sh
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "28672x4096 1" "8192x28672 4" "4096x14336 4"; do
  set -- $s
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 64 --reps 20 --env NVFP4_JIT_PDL=1 \
    --env $W=64,1,2,4,$2,2,2 --env $W=64,1,2,6,$2,2,1 --env $W=64,1,2,3,$2,2,2 --env $W=64,1,2,8,$2,2,1 2>&1 \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_ring.log
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 32 --reps 20 --env NVFP4_JIT_PDL=1 \
    --env $W=32,1,2,4,$2,2,2 --env $W=32,1,2,8,$2,2,1 --env $W=32,1,2,3,$2,2,4 2>&1 \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_ring.log
done
