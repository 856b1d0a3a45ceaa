# device run (thirteenth session, 4; H100): the MoE prefill path's block size (NVFP4_JIT_MOE_WGMMA=64/128/256 A/B at
# prefill sizes), its GPU tests, then the whole GPU suite.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 120 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -k wgmma -p no:cacheprovider 2>&1 | tail -3
timeout 200 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 128,256,1024 --reps 20 --env NVFP4_JIT_MOE_WGMMA=0 \
  --env NVFP4_JIT_MOE_WGMMA=64 --env NVFP4_JIT_MOE_WGMMA=128 --env NVFP4_JIT_MOE_WGMMA=256 2>&1 | tee $OUT/ab_moe_wgmma_bm.log
timeout 250 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -8
