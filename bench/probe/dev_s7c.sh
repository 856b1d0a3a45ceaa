# device run (seventh session, third): GPU suite with the new few-token configs (WIDE_M8 "short" 1x4 warps,
# SMALL_M2_P1 by waves), their rule on other layer sizes, MoE GEMM 2 with two tiles for few pairs
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
python3 bench/probe/waves_m8.py --shapes 8192x4096,14336x4096,28672x4096 --ms 1,4,8 --sks 1,2 \
  --cands "1,2,2,4,2,1;1,2,1,4,2,1" 2>&1 | tee $OUT/waves_wide2.log
python3 bench/probe/waves_m8.py --shapes 4608x4096,5120x4096,6144x4096,4096x4096 --ms 9,16 --sks 1 \
  --cands "2,1,1,8,2,1,2;2,1,1,8,1,1,3" 2>&1 | tee $OUT/waves_mt2b.log
python3 bench/tune_moe.py --models gptoss,qwen3 --ms 2,3,4,8 --rounds 2 \
  --g2 "1,2,2,2,1,1,4;1,2,1,2,1,1,4;1,2,2,4,1,1,4;1,2,4,2,1,1,4" 2>&1 | tee $OUT/tune_moe_down_s7.log
