# twentieth session (H100), fifth call, at the tree with the one-warpgroup tiles also at 17-32 tokens on any layer
# they fill a wave on (narrow / smaller wide ones, instead of mma.sync): the whole GPU suite (gpu_tests.log); then
# one-warpgroup tiles with 16 / 32 rows of tokens, 2 CTAs per SM, against the default (mma.sync) at 9-16 tokens on
# six layers (ab_wg1_m16.log).
set -u
bash bench/gpu_session.sh tests > $OUT/session.log 2>&1; tail -2 $OUT/gpu_tests.log
. bench/probe/dev_setup.sh
for s in 4096x14336 4096x28672 8192x4096 5120x8192 14336x4096 10240x8192; do
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 12,16 --reps 30 --env NVFP4_JIT_PDL=1 \
    $(python3 bench/probe/sk_env.py $s 16 16,1,1,4,2,2 32,1,1,4,2,2 32,1,1,4,3,2) 2>&1 | grep -v "^NVIDIA" \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_wg1_m16.log
done
