# device run (sixth session): split K 1/2/4/8 on the default mma.sync configs at 16..48 tokens (after the ring-loop
# change), and the fused MoE's kernel timeline at 4 / 16 tokens
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 bench/probe/ab_gemm_sk.py --ms 16,24,32,48 2>&1 | tee $OUT/ab_gemm_sk_s6.log
python3 bench/probe/moe_timeline.py --models qwen3,gptoss --ms 4,16 2>&1 | tee $OUT/moe_timeline_s6.log
