# thirty-eighth session, dev_s38d.sh cut down for the last device minutes: the A/B against the align path on
# Qwen3 / gpt-oss first (it decides), then the MoE GPU tests (every other kernel renders as before)
set -u
git apply bench/notes/s38/direct_grouped_rows.diff  # (not in the product: prepared, not GPU-tested)
. bench/probe/dev_setup.sh
timeout 80 python3 bench/ab_env.py --models qwen3,gptoss --ms 2,4 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=32 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_grouped_s38e.log
timeout 120 python3 -m pytest -q -n 8 -p no:cacheprovider tests/test_moe.py 2>&1 | tee $OUT/gpu_tests_moe.log | tail -4
