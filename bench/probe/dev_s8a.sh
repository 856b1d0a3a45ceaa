# device run (eighth session): dense GEMMs built for PDL ("chain"): GPU tests of the dense kernels, the single-GEMM
# A/B against the kernel before, and the decode-chain benchmark (PDL on / off / cuBLAS bf16)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m pytest -q -x -m gpu tests/test_marlin.py -k "pdl or register_configs or ring_configs or splitk" -p no:cacheprovider > $OUT/gpu_tests_pdl.log 2>&1; tail -3 $OUT/gpu_tests_pdl.log
python3 bench/chain.py --ms 1,4,16 --reps 30 --out $OUT/chain.md --json $OUT/chain.json 2>&1 | tee $OUT/chain.log | grep -v "^|"
python3 bench/probe/pdl_dense_ab.py --shapes 4096x4096,28672x4096,8192x28672 --ms 1,16 --reps 30 2>&1 | tee $OUT/pdl_dense_ab.log
