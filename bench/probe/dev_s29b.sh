# dev_s29a.sh cut for a call with less device time (twenty-ninth session): the same gpt-oss GPU tests as landed and
# with bench/notes/gptoss_fused_gemm1.diff, and the timings at 1 / 4 / 64 tokens only. ~4.5 min.
set -u
. bench/probe/dev_setup.sh
sel="gptoss or gpt_oss or activations or bad_inputs or block"
for tag in "" _fused; do
  [ -n "$tag" ] && { git apply bench/notes/gptoss_fused_gemm1.diff || exit 1; }
  date +%T
  timeout 140 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_nn.py -k "$sel" -p no:cacheprovider 2>&1 \
    | tail -15 | tee $OUT/gpu_tests_gptoss_s29a$tag.log
  timeout 60 python3 bench/probe/gptoss_swiglu.py --ms 1,4,64 --reps 20 2>&1 | tee $OUT/gptoss_swiglu_s29a$tag.log
done
date +%T
