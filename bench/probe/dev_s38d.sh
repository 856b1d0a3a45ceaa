# thirty-eighth session, third try: grouped direct GEMMs for 2..32 pairs (no align kernel), GEMM 2 writing rows for
# moe_sum (the top-k sum in GEMM 2 made GEMM 2 slower, dev_s38b/c). Every other kernel renders as before.
# 1. GPU suite, 2. A/B against the align path (NVFP4_JIT_MOE_DIRECT=1), 3. timeline at 4 tokens
set -u
git apply bench/notes/s38/direct_grouped_rows.diff  # (not in the product: prepared, not GPU-tested)
bash bench/gpu_session.sh tests 2>&1 | tail -3 | tee $OUT/suite_tail.txt
grep -E "FAILED|ERROR" $OUT/gpu_tests.log | head -20
. bench/probe/dev_setup.sh
timeout 200 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 2,3,4,8 --reps 30 --rounds 3 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=32 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_grouped_s38d.log
timeout 60 python3 bench/probe/moe_timeline.py --models qwen3,gptoss --ms 4 2>&1 | grep -v "Warn\|warn" | tee $OUT/timeline_s38d.log
NVFP4_JIT_MOE_DIRECT=1 timeout 60 python3 bench/probe/moe_timeline.py --models qwen3 --ms 4 2>&1 | grep -v "Warn\|warn" | tee -a $OUT/timeline_s38d.log
