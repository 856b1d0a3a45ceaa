# device run: the wgmma consumer loop with incremental cursors (new) against the loop of e9a3bd5 (old): tests, A/B
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -k wgmma -p no:cacheprovider 2>&1 | tail -2 | tee $OUT/tests.log
cp templates/marlin_gemm.cu.j2 /tmp/new.j2
for r in 1 2; do
  cp /tmp/new.j2 templates/marlin_gemm.cu.j2; python3 bench/probe/wg_times.py new
  git show e9a3bd5:templates/marlin_gemm.cu.j2 > templates/marlin_gemm.cu.j2  # the loop before
  python3 bench/probe/wg_times.py old
done 2>&1 | tee $OUT/ab_loop.log
cp /tmp/new.j2 templates/marlin_gemm.cu.j2
python3 -m pytest -q -m gpu tests/test_marlin.py -k "splitk or split_k" -p no:cacheprovider 2>&1 | tail -2 | tee -a $OUT/tests.log
