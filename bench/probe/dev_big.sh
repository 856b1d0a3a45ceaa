# device run: wgmma tiles for 512-1024 tokens against dequantize + cuBLAS
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 bench/tune_wgmma.py --shapes 4096x4096,6144x4096,28672x4096,4096x14336 --ms 512,1024 --sks 1,2 --bms 128,256 --reps 20 2>&1 | tee $OUT/tune_big.log
# MoE top-k sum: ids loaded before griddepcontrol.wait (A/B, and the MoE GPU tests with it on)
NVFP4_JIT_MOE_SUM_EARLY=1 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider 2>&1 | tail -2 | tee $OUT/moe_tests_early.log
python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 2,4,16,64 --env NVFP4_JIT_MOE_SUM_EARLY=0 --env NVFP4_JIT_MOE_SUM_EARLY=1 --rounds 3 2>&1 | tee $OUT/ab_sum_early.log
