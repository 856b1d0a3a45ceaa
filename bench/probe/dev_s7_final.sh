# device run (seventh session, final code): GPU suite, dense table (issue shapes + 14336x4096), MoE table
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
python3 bench/gemm.py --shapes 4096x4096,6144x4096,14336x4096,28672x4096,4096x14336,8192x28672 \
  --ms 1,4,8,9,16,32,64,128,256,1024,4096 --reps 50 --out $OUT/gemm_h200_s7_final.md --json $OUT/gemm_h200_s7_final.json 2>&1 | tail -2
python3 bench/moe.py --ms 1,4,16,64,256 --reps 30 --out $OUT/moe_h200_s7_final.md 2>&1 | tail -2
