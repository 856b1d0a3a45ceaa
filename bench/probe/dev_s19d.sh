# nineteenth session (H100), fourth call: wgmma tiles of 8 / 16 tokens with the tensor maps and deeper rings against
# the mma.sync kernel at 1-16 tokens on wide layers (dev_s19c.sh: 16-token tiles with D = 4, S = 2 at 12 / 16 tokens
# 1.05x / 1.07x / 1.15x faster on 28672x4096 / 8192x28672 / 57344x8192); split K as the dispatch would take it.
set -u
. bench/probe/dev_setup.sh
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "28672x4096 1" "8192x28672 4" "57344x8192 1" "14336x4096 2" "8192x8192 4" "10240x8192 2" "16384x16384 2" \
         "12288x4096 2"; do
  set -- $s
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 1,4,8 --reps 30 --env NVFP4_JIT_PDL=1 \
    --env $W=8,1,2,4,$2,2,2 --env $W=8,1,2,8,$2,2,1 --env $W=8,1,2,6,$2,2,2 2>&1 \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_small_wgmma.log
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 12,16 --reps 30 --env NVFP4_JIT_PDL=1 \
    --env $W=16,1,2,4,$2,2,2 --env $W=16,1,2,8,$2,2,1 --env $W=16,1,2,6,$2,2,2 2>&1 \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_small_wgmma.log
done
