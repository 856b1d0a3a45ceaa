# device run: the cp.async-ring loop unrolled by its stages (new) against the loop of HEAD (old): A/B, then tests
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
cp templates/marlin_gemm.cu.j2 /tmp/new.j2
for r in 1 2; do
  cp /tmp/new.j2 templates/marlin_gemm.cu.j2; python3 bench/probe/ring_times.py new; python3 bench/probe/ring_times.py new_all - all
  git show HEAD:templates/marlin_gemm.cu.j2 > templates/marlin_gemm.cu.j2
  python3 bench/probe/ring_times.py old 0
done 2>&1 | tee $OUT/ab_ring.log
cp /tmp/new.j2 templates/marlin_gemm.cu.j2
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
