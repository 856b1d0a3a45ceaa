# RUN in the thirtieth session (ab_m128_s30_h100.log); its diff landed (tightened), so step (2) no longer applies.
# prepared in the twenty-seventh session for the next one (not run: no device time left). Wide layers whose "big"
# grid is short at 129-256 tokens and cannot split (K too short for slices of >= 32 super-tiles): 8192x1024 /
# 1536 / 2048 / 3584 run 64 big CTAs on 132 SMs; 9216-12288-wide ones with K = 4096 72-96. The busiest SM's load
# (marlin._sm_load) predicts 0.5x (N = 8192) / 0.75x for two row blocks of the m128 twins.
# (1) A/B per case of bench/probe/s28a_cases.txt ("shape M old new", from choose_wgmma with the diff): big (old)
# against m80..m128 (new, MINB 2) and the K-group m80k..m128k, with cuBLAS bf16 (ab_m128_s28a.log);
# (2) bench/notes/m128_for_short_big.diff applied (takes m128 where its load <= 0.8x big's), warm-up, GPU suite
# (gpu_tests_s28a.log). Land if the suite passes and (1) wins; if m128k wins instead, change the diff's tile.
# Shorter calls (twenty-eighth session): `bash bench/probe/dev_s28a.sh 18` (the first 18 cases, ~6 min) or
# `bash bench/probe/dev_s28a.sh 9 dispatch` (9 cases, then only the 22 dispatch tests of test_marlin.py, ~300 s).
set -u
NCASES=${1:-1000} TESTS=${2:-suite}
. bench/probe/dev_setup.sh
date +%T
. bench/probe/ab_cases.sh
ab_cases bench/probe/s28a_cases.txt $OUT/ab_m128_s28a.log $NCASES
date +%T
git apply bench/notes/m128_for_short_big.diff || exit 1
if [ "$TESTS" = dispatch ]; then
  timeout 120 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -k "fitted_tiles or big_tile or choose" \
    -p no:cacheprovider 2>&1 | tail -4 | tee $OUT/gpu_tests_s28a.log
else
  python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
  date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -4 | tee $OUT/gpu_tests_s28a.log
fi
date +%T
