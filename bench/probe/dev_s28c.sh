# twenty-eighth session: dev_s28a.sh cut to its first 18 cases (six shapes at 160 / 224 / 256 tokens), for a call
# with little device time left: A/B (ab_m128_s28a.log), then the diff applied, warm-up, GPU suite (gpu_tests_s28a.log)
set -u
. bench/probe/dev_setup.sh
date +%T
while read sh m old new; do
  IFS=, read bm a wg d sk rest <<< "$new"
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_WGMMA_CONFIG=$old \
    --env NVFP4_JIT_WGMMA_CONFIG=$new --env NVFP4_JIT_WGMMA_CONFIG=$bm,1,1,4,$sk,1,3,2 2>&1 | grep -v "^NVIDIA" \
    | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m128_s28a.log
done < <(head -18 bench/probe/s28a_cases.txt)
date +%T
git apply bench/notes/m128_for_short_big.diff || exit 1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -4 | tee $OUT/gpu_tests_s28a.log
date +%T
