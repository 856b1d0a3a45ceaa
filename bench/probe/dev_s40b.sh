# prepared in the thirty-ninth session (split off dev_s40a.sh in the fortieth: one call runs at most 600 s)
set -u
. bench/probe/dev_setup.sh
# 3. (last: it changes the tree) every warp grouping the ids itself (bench/notes/s39/grouped_warp.diff): A/B against
#    the shared-memory grouping at 2-4 tokens (and 8-16 for top-2 / top-4 within 32 pairs), then the grouped tests
git apply bench/notes/s39/grouped_warp.diff
timeout 200 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 2,4,8 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=32,NVFP4_JIT_MOE_GWARP=0 --env NVFP4_JIT_MOE_DIRECT=32,NVFP4_JIT_MOE_GWARP=1 \
  2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_gwarp.log
timeout 150 python3 -m pytest -q -n 8 -p no:cacheprovider tests/test_moe.py -k "grouped" 2>&1 | tee $OUT/gpu_tests_gwarp.log | tail -3
