# eighteenth session (H100): "m128w" tiles for narrow layers at 257-1024 tokens against dequantize + cuBLAS
# (NVFP4_JIT_WGMMA=0), the full GPU suite, the README's dense table
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 100 python3 bench/ab_env.py --shapes 4096x4096,6144x4096,5120x4096 --ms 384,512,768,1024 --reps 20 \
  --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_PDL=1 2>&1 | tee $OUT/ab_m128w.log
timeout 150 python3 -m pytest -q -rs -n 8 -m gpu tests -p no:cacheprovider 2>&1 \
  | grep -v "PytestBenchmarkWarning\|warner(" > $OUT/gpu_tests.log; tail -2 $OUT/gpu_tests.log; grep FAILED $OUT/gpu_tests.log | head
timeout 150 python3 bench/gemm.py --reps 50 --out $OUT/gemm.md --json $OUT/gemm.json > $OUT/gemm.log 2>&1
echo "gemm rc $? at ${SECONDS}s"
