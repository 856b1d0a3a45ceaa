# prepared in the eighteenth session (H100): split rings (bench/notes/wgmma_xring.diff, NVFP4_JIT_WGMMA_XD=n): the x
# tiles in n slots of their own (a second producer warp), so the weights' ring can be deeper at the same shared
# memory with 2 CTAs per SM. The idea: at 64 tokens the consumers wait on full barriers 31% of the time while DRAM
# runs at 40-47%, and with the m64 tile's D = 2 stages only ~one stage of weights per CTA is in flight (x is two
# thirds of a stage's bytes and comes from L2). Graph µs against the default dispatch and the error against fp32
# (outputs should be the same bits: same tile, split K and accumulation order). Compiled on the CPU (28 variants), not run.
set -u
. bench/probe/dev_setup.sh
patch -s -p1 < bench/notes/wgmma_xring.diff
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "28672x4096 1" "8192x28672 4" "4096x14336 4"; do
  set -- $s
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 64 --reps 20 --env NVFP4_JIT_PDL=1 \
    --env $W=64,1,2,8,$2,2,2,NVFP4_JIT_WGMMA_XD=2 --env $W=64,1,2,8,$2,2,2,NVFP4_JIT_WGMMA_XD=3 \
    --env $W=64,1,2,12,$2,2,1,NVFP4_JIT_WGMMA_XD=4 --env $W=64,1,2,6,$2,2,2,NVFP4_JIT_WGMMA_XD=2 2>&1 \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_xring.log
done
