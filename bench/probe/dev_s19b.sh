# nineteenth session (H100), second call: (1) the deeper ring (D = 4, S = 2 instead of D = 2, S = 4; same shared
# memory, 2 CTAs per SM) on wide layers at 24-64 tokens, where dev_s19_ring.sh saw 8192x28672 M = 32 / 64 gain 4 / 3%;
# the split K as the dispatch takes it per shape. (2) narrow layers with K = 4096 at 384-1024 tokens: dequantize +
# cuBLAS (WGMMA=0), m128w, m64, m128 tiles side by side, for a better rule than m128w's wave fill.
set -u
. bench/probe/dev_setup.sh
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "8192x28672 4 4" "8192x8192 4 4" "8192x14336 4 4" "10240x8192 2 2" "14336x4096 2 2" "28672x4096 1 1" \
         "57344x8192 1 1" "16384x16384 2 2"; do
  set -- $s
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 24,32 --reps 30 --env NVFP4_JIT_PDL=1 \
    --env $W=32,1,2,4,$2,2,2 2>&1 | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_ring_wide.log
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 48,64 --reps 30 --env NVFP4_JIT_PDL=1 \
    --env $W=64,1,2,4,$3,2,2 2>&1 | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_ring_wide.log
done
for s in 4096x4096 5120x4096 6144x4096 3072x4096 8192x4096; do
  timeout 150 python3 bench/ab_env.py --shapes $s --ms 384,512,640,768,1024 --reps 20 --env NVFP4_JIT_WGMMA=0 \
    --env $W=128,1,2,4,1,1,2 --env $W=64,1,2,2,1,2,4 --env $W=128,1,1,3,1,2,2 2>&1 \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_narrow_prefill.log
done
