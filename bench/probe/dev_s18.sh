# next device run (prepared in the seventeenth session; H100), one call, ~5 min: the landed tensor-map wgmma path's
# first GPU run as landed (the full GPU suite, incl. the two new tests), the dense table, then TMAP 0 / 1 at prefill
# sizes (M = 512-2048, where it is not yet the default: TMAP_MAX_M) and at 64-256 again
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 -m pytest -q -rs -n 8 -m gpu tests -p no:cacheprovider 2>&1 \
  | grep -v "PytestBenchmarkWarning\|warner(" > $OUT/gpu_tests.log; tail -4 $OUT/gpu_tests.log
grep -E "FAILED|tensor_map|without_tensor" $OUT/gpu_tests.log | head
timeout 100 python3 bench/gemm.py --reps 50 --out $OUT/gemm.md --json $OUT/gemm.json > $OUT/gemm.log 2>&1
echo "gemm rc $? at ${SECONDS}s"
timeout 120 python3 bench/ab_env.py --env NVFP4_JIT_WGMMA_TMAP=0 --env NVFP4_JIT_WGMMA_TMAP=1 --ms 64,128,256,512,1024,2048 \
  --reps 20 2>&1 | tee $OUT/ab_tmap_prefill.log
