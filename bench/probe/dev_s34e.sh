# NOT RUN in the thirty-fourth session (no device machine could be started; its device time went on failed
# starts). Needs the raster patch: git apply bench/notes/moe_raster_s34.diff (reverted from main untested).
# thirty-fourth session, its last ~4 minutes of device time: the tests of the changed wgmma code only (the grouped
# variant's raster grid; the dense split-K indices), then one raster A/B (Mixtral M = 4096 / 1024)
set -u
. bench/probe/dev_setup.sh
timeout 130 python3 -m pytest -q -n 8 -p no:cacheprovider tests/test_moe.py tests/test_marlin.py \
  -k "wgmma_prefill or staged_and_direct or wgmma_split_k" 2>&1 | tail -3 | tee $OUT/gpu_tests_s34e.log
timeout 60 python3 bench/ab_env.py --models mixtral --ms 4096,1024 --reps 3 --rounds 1 \
  --env NVFP4_JIT_MOE_RASTER=0 --env NVFP4_JIT_MOE_RASTER=16 2>&1 | tee $OUT/ab_moe_raster_s34e.log
