# fortieth session (device), one call: the grouped decode for up to 64 pairs, both grouping forms
# (bench/notes/s40/grouped64_warp.diff, which includes grouped64.diff: warp 0 + shared memory, NVFP4_JIT_MOE_GWARP=0;
# every warp in registers, =1). 1. the grouped tests of both forms; 2. A/B: align path (NVFP4_JIT_MOE_DIRECT=1)
# against each form (grouped up to 16 tokens within 64 pairs: Qwen3 up to 8 tokens, gpt-oss / Mixtral 16); this also
# decides whether moe.GROUPED_MAX_M = 4 can grow. (The tile sweep of the grouped path: dev_s40c.sh.)
set -u
. bench/probe/dev_setup.sh
git apply bench/notes/s40/grouped64_warp.diff || exit 1
timeout 100 python3 -m pytest -q -n 12 -p no:cacheprovider tests/test_moe.py -k "grouped" 2>&1 | tee $OUT/gpu_tests_grouped64.log | tail -3
timeout 170 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 8,4,16 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=16,NVFP4_JIT_MOE_GWARP=0 \
  --env NVFP4_JIT_MOE_DIRECT=16,NVFP4_JIT_MOE_GWARP=1 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_grouped64.log
