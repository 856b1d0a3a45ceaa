# device run (thirteenth session, 3; H100): the fused MoE's prefill path (grouped wgmma GEMMs): MoE GPU tests, then
# A/B against the mma.sync grouped GEMMs (NVFP4_JIT_MOE_WGMMA=0 / 1) at prefill sizes, and the MoE table rows.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
( time python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet ) 2>&1 | tail -4
timeout 240 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests_moe.log | tail -15
timeout 200 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 64,256,1024 --reps 20 \
  --env NVFP4_JIT_MOE_WGMMA=0 --env NVFP4_JIT_MOE_WGMMA=1 2>&1 | tee $OUT/ab_moe_wgmma.log
