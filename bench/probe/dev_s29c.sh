# dev_s29a.sh cut to its GPU tests (twenty-ninth session, ~3.5 min): the gpt-oss tests as landed, then with
# bench/notes/gptoss_fused_gemm1.diff. No timings.
set -u
. bench/probe/dev_setup.sh
sel="gptoss or gpt_oss or activations or bad_inputs or block"
date +%T
timeout 110 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_nn.py -k "$sel" -p no:cacheprovider 2>&1 \
  | tail -15 | tee $OUT/gpu_tests_gptoss_s29a.log
git apply bench/notes/gptoss_fused_gemm1.diff || exit 1
date +%T
timeout 90 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -k "gptoss or activations" -p no:cacheprovider 2>&1 \
  | tail -15 | tee $OUT/gpu_tests_gptoss_s29a_fused.log
date +%T
