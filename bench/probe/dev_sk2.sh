# device run: mma.sync split-K slices (GPU tests of the dense GEMM, split-K A/B)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py tests/test_nn.py -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -4
python3 bench/probe/ab_gemm_sk.py 2>&1 | tee $OUT/ab_gemm_sk.log
