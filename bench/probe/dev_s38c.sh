# thirty-eighth session, second try: the direct top-k sum's last CTA loads its rows together (was: one atomicExch
# after another, GEMM 2 of Qwen3 M = 4 13.2 -> 19.9 µs in dev_s38b); forced prefill path before direct.
# 1. GPU suite, 2. A/B against the align path, 3. timeline, 4. one-token rows, code before / after alternating
# (ran with bench/notes/s38/direct_grouped_topk_sum.diff applied in the tree; to rerun: git apply it first)
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3 | tee $OUT/suite_tail.txt
grep -E "FAILED|ERROR" $OUT/gpu_tests.log | head -20
. bench/probe/dev_setup.sh
timeout 200 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 2,3,4,8 --reps 30 --rounds 3 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=32 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_direct_s38c.log
timeout 60 python3 bench/probe/moe_timeline.py --models qwen3,gptoss --ms 1,4 2>&1 | grep -v "Warn\|warn" | tee $OUT/timeline_s38c.log
one() { timeout 80 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 1 --reps 30 --rounds 3 \
  --env NVFP4_JIT_UNUSED=$1 2>&1 | grep -v "^NVIDIA" | tee -a $OUT/ab_one_token_s38c.log; }
for r in 1 2; do
  one after; git apply -R bench/notes/s38/direct_grouped_topk_sum.diff; one before; git apply bench/notes/s38/direct_grouped.diff
done
