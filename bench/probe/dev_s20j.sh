# twentieth session (H100), tenth call, at the tree where 17-32 tokens on small narrow layers (CONFIG_M32's grid at
# most half a wave) run two CTA rows of the 16-token config: dense + ops GPU tests (gpu_tests_dense2.log); the rule
# (default, second column) against CONFIG_M32 forced on eight small layers, two rounds (ab_m32_rows.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py -p no:cacheprovider 2>&1 \
  | grep -v "Warning\|warner(" | tail -3 | tee $OUT/gpu_tests_dense2.log
timeout 100 python3 bench/ab_env.py --shapes 1024x8192,1536x8192,1280x8192,2048x8192,2048x4096,1024x4096,2048x2048,1024x14336 \
  --ms 17,24,32 --reps 30 --env NVFP4_JIT_MARLIN_CONFIG=4,1,2,4,2,1,1 --env NVFP4_JIT_PDL=1 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err [0-9.e-]*)//g' | tee $OUT/ab_m32_rows.log
