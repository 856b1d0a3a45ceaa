# device run (eighth session): PDL argument packing in one struct (jit.pack_params): the PDL / chain / MoE tests,
# eager host time per call, and the GEMM chains again
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m pytest -q -m gpu tests/test_marlin.py tests/test_moe.py tests/test_ops.py -k "pdl or act or direct or down or graph" -p no:cacheprovider 2>&1 | tail -2
python3 bench/probe/host_launch.py 2>&1 | tee $OUT/host_launch.log
python3 bench/chain.py --models llama3-8b --ms 1,4 --modes gemms,fused --reps 30 2>&1 | grep -v "^|" | tee $OUT/chain.log
