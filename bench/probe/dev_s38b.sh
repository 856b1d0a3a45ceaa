# thirty-eighth session: the grouped direct decode (GEMMs group <= 32 pairs themselves, GEMM 2 sums the top k)
# 1. whole GPU suite, 2. A/B against the align path (NVFP4_JIT_MOE_DIRECT=1: align + moe_sum from 2 tokens),
# 3. bench/moe.py decode rows (floor), 4. timeline, 5. one-token rows of the code before (git apply -R the diff)
# (ran with an earlier form of bench/notes/s38/direct_grouped_topk_sum.diff applied in the tree; to rerun: git apply it first)
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3 | tee $OUT/suite_tail.txt
grep -E "FAILED|ERROR" $OUT/gpu_tests.log | head -20
. bench/probe/dev_setup.sh
timeout 200 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 1,2,3,4,8,16 --reps 30 --rounds 3 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=32 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_direct_s38.log
timeout 120 python3 bench/moe.py --ms 1,2,4,8 --out $OUT/moe_decode_s38.md 2>&1 | tail -3
timeout 60 python3 bench/probe/moe_timeline.py --models qwen3,gptoss --ms 4 2>&1 | tee $OUT/timeline_s38.log
git apply -R bench/notes/s38/direct_grouped_topk_sum.diff || patch -R -p1 < bench/notes/s38/direct_grouped.diff
timeout 100 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 1 --reps 30 --rounds 3 \
  --env NVFP4_JIT_UNUSED=1 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_direct_before_s38.log
