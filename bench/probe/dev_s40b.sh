# fortieth session (device): the grouped decode with every warp grouping the ids itself (no shared memory, no CTA
# barrier before the first weight load), ported to 64 pairs: bench/notes/s40/grouped64_warp.diff (it includes
# grouped64.diff). A/B of the two forms (NVFP4_JIT_MOE_GWARP=0 / 1, grouped up to 16 tokens), then the grouped
# tests of both forms.
set -u
. bench/probe/dev_setup.sh
git apply bench/notes/s40/grouped64_warp.diff || exit 1
timeout 200 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 2,4,8 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=16,NVFP4_JIT_MOE_GWARP=0 --env NVFP4_JIT_MOE_DIRECT=16,NVFP4_JIT_MOE_GWARP=1 \
  2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_gwarp64.log
timeout 170 python3 -m pytest -q -n 8 -p no:cacheprovider tests/test_moe.py -k "grouped" 2>&1 | tee $OUT/gpu_tests_gwarp64.log | tail -3
