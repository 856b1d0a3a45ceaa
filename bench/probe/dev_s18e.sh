# eighteenth session (H100): the new small-M rule (wgmma "m32" tiles at 17-32 tokens on wide layers, the 64-token
# tiles from 33 tokens on narrow ones) against mma.sync (NVFP4_JIT_WGMMA=0) at the boundaries, on the five layers
# and 8192x4096 / 2048x4096 / 14336x4096; then the GPU tests of the dense paths
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 bench/ab_env.py --shapes 4096x4096,6144x4096,28672x4096,4096x14336,8192x28672,8192x4096,2048x4096,14336x4096 \
  --ms 16,17,24,32,33,40,48,56 --reps 20 --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_PDL=1 2>&1 | tee $OUT/ab_small_rule.log
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py tests/test_readme.py \
  -p no:cacheprovider 2>&1 | grep -v "Warning\|warner(" | tail -4
