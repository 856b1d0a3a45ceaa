# twenty-eighth session, the last call that the device budget allows (~300 s): dev_s28a.sh's A/B on its first 9 cases
# (8192x2048, 12288x8192, 12288x4096 at 160 / 224 / 256 tokens: ab_m128_s28a.log), then the diff applied and the
# GPU tests of the wgmma dispatch (test_marlin.py -k "fitted_tiles or big_tile or choose": gpu_tests_s28d.log)
set -u
. bench/probe/dev_setup.sh
date +%T
while read sh m old new; do
  IFS=, read bm a wg d sk rest <<< "$new"
  timeout 40 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_WGMMA_CONFIG=$old \
    --env NVFP4_JIT_WGMMA_CONFIG=$new --env NVFP4_JIT_WGMMA_CONFIG=$bm,1,1,4,$sk,1,3,2 2>&1 | grep -v "^NVIDIA" \
    | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m128_s28a.log
done < <(head -9 bench/probe/s28a_cases.txt)
date +%T
git apply bench/notes/m128_for_short_big.diff || exit 1
timeout 120 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -k "fitted_tiles or big_tile or choose" -p no:cacheprovider 2>&1 \
  | tail -4 | tee $OUT/gpu_tests_s28d.log
date +%T
