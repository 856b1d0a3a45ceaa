# device run (seventh session, second): few-token configs with 4-warp CTAs on the short-K wide layer, MT = 2 configs
# on narrow layers (the device's NVRTC spills the MINB 2 ones), MoE GEMM 1 / 2 configs with fewer warps per CTA
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 bench/probe/waves_m8.py --shapes 28672x4096,8192x28672 --ms 1,2,4,8 --sks 1 \
  --cands "1,2,2,4,2,1;1,2,1,4,2,1;1,2,1,4,2,1,4;1,2,1,2,2,1;1,2,1,4,1,1,4;1,2,2,2,2,1;1,2,1,8,2,1" 2>&1 | tee $OUT/waves_wide.log
python3 bench/probe/waves_m8.py --shapes 4096x4096,6144x4096,4096x14336 --ms 12,16 --sks 1 \
  --cands "2,1,1,8,2,1,2;2,1,1,8,2,1,0;2,1,1,8,1,1,3;2,1,1,8,1,1,2;2,1,1,8,2,0,2;2,2,1,8,1,0,3,3;2,1,1,8,1,0,3,3;2,2,1,8,2,1;2,1,2,4,2,1,2;2,1,1,4,2,1,2" 2>&1 | tee $OUT/waves_mt2.log
python3 bench/tune_moe.py --models qwen3,gptoss --ms 4,16 --rounds 2 \
  --g1 "1,2,1,4,1,1,4;1,2,1,2,1,1;1,2,1,4,1,0;1,2,1,8,1,1;1,2,1,2,2,1" \
  --g2 "1,2,2,2,1,1,4;1,2,1,2,1,1,4;1,2,1,4,1,1,4;1,2,2,2,1,1;1,2,1,2,1,1;1,2,4,2,1,1,4;1,2,2,4,1,1,4" 2>&1 | tee $OUT/tune_moe_s7.log
