# device run (eighth session): where the dense chain kernel signals PDL (start / after the main loop / at exit)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 bench/probe/pdl_chain_ab.py --ms 1,4,16 --modes gemms,layer --reps 30 2>&1 | tee $OUT/pdl_chain_ab.log
python3 -m pytest -q -m gpu tests/test_marlin.py -k "pdl or splitk_buffers" -p no:cacheprovider > $OUT/gpu_tests_pdl.log 2>&1; tail -3 $OUT/gpu_tests_pdl.log
