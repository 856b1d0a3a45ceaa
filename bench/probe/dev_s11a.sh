# device run (eleventh session, 1): the issues' benchmark tables on the H100 at the current code (bench/gemm.py with
# the shapes and M; bench/moe.py with the bf16 reference and the same-bytes read column), then an H100 check
# of the fused-MoE tile configs where decode misses its target (Qwen3 M=1/4, gpt-oss M=1/4).
set -u
OUT=${OUT:-/tmp/out} timeout 420 bash bench/gpu_session.sh bench 2>&1 | tail -5
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
echo "## eager MoE layer profile"
timeout 60 python3 bench/probe/eager_moe_profile.py --model qwen3 --m 1 2>&1 | head -60 | tee $OUT/eager_moe_profile.log
timeout 40 python3 bench/probe/eager_moe_profile.py --model gptoss --m 4 2>&1 | head -3
echo "## tune_moe"
timeout 120 python3 bench/tune_moe.py --models qwen3,gptoss --ms 1,4 --rounds 2 --reps 20 \
  --g1 "1,2,2,4,1,1;1,2,1,4,2,1;1,2,1,2,1,1" --g2 "1,1,4,2,1,1;1,1,8,1,1,1;1,2,2,4,1,1;1,1,2,4,1,1,4" 2>&1 | tee $OUT/tune_moe.log
