# device run (thirteenth session, 5; H100): the MoE prefill path with the gated activation in GEMM 2's gather: MoE
# GPU tests, A/B against the grouped mma.sync GEMMs, then the MoE table (bench/moe.py).
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests_moe.log | tail -3
timeout 150 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 128,256,1024 --reps 20 \
  --env NVFP4_JIT_MOE_WGMMA=0 --env NVFP4_JIT_MOE_WGMMA=1 2>&1 | tee $OUT/ab_moe_wgmma_act.log
timeout 280 python3 bench/moe.py --out $OUT/moe.md 2>&1 | tee $OUT/moe.log | grep -v "^|"
