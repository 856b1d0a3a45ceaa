# thirty-second session: (1) the dense GPU tests with m64d in place of m64r (33-64 tokens, split-K-filled waves);
# (2) the same swap for the 16- and 32-token rings "m16" / "m32r" (2 CTAs per SM) on the same layers: one CTA per
# SM, S = 4, half the split
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -p no:cacheprovider 2>&1 | tail -3 \
  | tee $OUT/gpu_tests_marlin_s32j.log
. bench/probe/ab_cases.sh
ab_configs bench/probe/s32j_cases.txt $OUT/ab_m32d_s32j.log
