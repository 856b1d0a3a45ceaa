# device run (seventh session): MoE GEMM 1 / GEMM 2 with one K-warp per n tile (WK = 1: no shared-memory reduction,
# the CTA's fixed cost spread over all of K)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 bench/tune_moe.py --models qwen3,gptoss --ms 4,16 --rounds 2 \
  --g1 "1,2,4,1,1,1;1,2,2,1,1,1;1,2,1,1,1,1;1,2,8,1,1,1;1,2,1,2,1,1" \
  --g2 "1,2,4,1,1,1;1,2,8,1,1,1;1,2,2,1,1,1;1,2,2,2,1,1,4;1,2,1,1,1,1" 2>&1 | tee $OUT/tune_moe_wk1_s7.log
