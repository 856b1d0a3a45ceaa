# eighteenth session (H100): 256 rows per CTA (four consumer warpgroups, WG = 4, tensor maps) at 32-128 tokens:
# x is most of what an SM takes in at 64 tokens (128 B per k against 32 B of weights per 128 rows); 256 rows halve
# the x bytes per weight byte. Graph µs against the dispatch, split K per shape to fill the SMs
set -u
. bench/probe/dev_setup.sh
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "28672x4096 1" "8192x28672 4" "4096x14336 8" "6144x4096 2" "4096x4096 2"; do
  set -- $s
  timeout 110 python3 bench/ab_env.py --shapes $1 --ms 32,64,128 --reps 20 --env NVFP4_JIT_PDL=1 \
    --env $W=64,1,4,3,$2,1,4 --env $W=64,1,4,4,$2,1,2 --env $W=64,1,4,2,$2,1,4 --env $W=32,1,4,3,$2,1,4 \
    --env $W=128,1,4,2,$2,1,2 2>&1 | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_wg4.log
done
