# prepared in the thirty-first session: bench/notes/resident_w2_bias.diff, w2's biases in the resident GEMM 2 of
# one-token decode (small experts, SM90+; the last path that added them in torch, by scatter + addmm after the sum).
# The kernel takes one more pointer; each pair's route-weighted bias joins its unit's first K slice. CPU: tests pass,
# the moe_down variants compile for sm_90a / sm_100a. Here: Qwen3 M = 1 / 2 (no biases: the same path but for one
# argument) before and after, and the MoE GPU tests with the diff (its two new resident cases: swigluoai with both
# biases; expert parallelism with dropped pairs) -> ab_resident_s32d.log, gpu_tests_resident_s32d.log. ~2 min.
set -u
. bench/probe/dev_setup.sh
for tag in before after; do
  if [ $tag = after ]; then
    git apply bench/notes/resident_w2_bias.diff || exit 1
    export NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache-resident
    timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider 2>&1 | tail -3 \
      | tee $OUT/gpu_tests_resident_s32d.log
  fi
  echo "== $tag" | tee -a $OUT/ab_resident_s32d.log
  timeout 90 python3 bench/ab_env.py --models qwen3,gptoss --ms 1,2 --reps 50 --rounds 3 --env NVFP4_JIT_AB=0 2>&1 \
    | tee -a $OUT/ab_resident_s32d.log
done
