# device run (thirteenth session, 9; H100): MoE prefill path with blocks of 32 / 48 / 64 slots by pairs per expert:
# MoE GPU tests, then where it starts to win (A/B against the grouped mma.sync GEMMs at 4..32 pairs per expert).
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 100 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests_moe.log | tail -3
for mm in "qwen3 64,128,256" "gptoss 32,64,128,256" "mixtral 16,32,64"; do
  set -- $mm
  timeout 120 python3 bench/ab_env.py --models $1 --ms $2 --reps 20 --env NVFP4_JIT_MOE_WGMMA=0 --env NVFP4_JIT_MOE_WGMMA=1 \
    2>&1 | tee -a $OUT/ab_moe_wgmma_small.log
done
