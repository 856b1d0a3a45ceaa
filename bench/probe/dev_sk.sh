# device run: GPU tests, then the changed rows of the GEMM table and the small-layer A/B (this session's split K)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -4
python3 bench/probe/ab_wgmma_small.py 2>&1 | tee $OUT/ab_small.log
python3 bench/gemm.py --ms 64,128,256,512 --reps 50 --out $OUT/gemm.md 2>&1 | grep -v "^|"
python3 bench/tune_wgmma.py --shapes 4096x4096,6144x4096 --ms 64,128,256 --sks 1,2 --bms 64,128 --reps 20 2>&1 | tee $OUT/tune_at2.log
