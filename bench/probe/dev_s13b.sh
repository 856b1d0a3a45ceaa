# device run (thirteenth session; H200): the twelfth session's dev_s12g.sh (P = 4 decode configs, which got an H100
# then), the MoE prefill path's GPU tests and A/B on the H200, and the wgmma copy-traffic probe.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 100 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests_moe.log | tail -3
timeout 120 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 64,256,1024 --reps 15 --rounds 1 \
  --env NVFP4_JIT_MOE_WGMMA=0 --env NVFP4_JIT_MOE_WGMMA=1 2>&1 | tee $OUT/ab_moe_wgmma.log
C="1,1,1,8,4,0;1,1,2,4,4,0;1,1,1,8,8,0,2;1,2,1,8,4,0;1,2,1,4,4,0;1,2,1,4,3,0"
C="$C;1,1,1,8,2,1,3;1,2,1,8,2,1;1,4,1,4,1,0;1,1,1,8,2,0;1,2,1,4,2,1"
for r in 1; do
  timeout 120 python3 bench/tune_gemm.py --shapes 4096x14336,8192x28672,28672x4096,6144x4096,4096x4096 --ms 1,4 \
    --sks 1 --reps 30 --configs "$C" 2>&1 | tee -a $OUT/tune_p4.log
done
