# prepared in the thirtieth session for the next one. (1) The whole GPU suite at HEAD (the thirtieth session landed
# swigluoai + w13's biases in GEMM 1's epilogue and the m128 twins at 129-256 tokens with only their own GPU tests
# run): gpu_tests_s30a.log. (2) bench/notes/gptoss_biases_in_epilogues.diff (GEMM 2's epilogue adds w2's biases
# per pair before the router weight, in place of torch's scatter + addmm after the sum, ~25 µs of gpt-oss decode;
# the prefill path's GEMM 1 adds w13's, so its gather applies swigluoai, 483 µs at 256 tokens against 310 for
# SiLU): the gpt-oss tests and timings before / after (gpu_tests_gptoss_s30a_w2.log, gptoss_swiglu_s30a{,_w2}.log). Land the
# diff if its tests pass and it is faster. ~5 min. `bash bench/probe/dev_s30a.sh quick`: skips (1) (~1.5 min).
set -u
. bench/probe/dev_setup.sh
date +%T
if [ "${1:-}" != quick ]; then
  python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
  date +%T; timeout 240 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -6 \
    | tee $OUT/gpu_tests_s30a.log
fi
sel="gptoss or gpt_oss or activations or bad_inputs or block or one_token"
for tag in "" _w2; do
  [ -n "$tag" ] && { git apply bench/notes/gptoss_biases_in_epilogues.diff || exit 1; \
    timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_nn.py -k "not test_nn or $sel" \
    -p no:cacheprovider 2>&1 | tail -6 | tee $OUT/gpu_tests_gptoss_s30a$tag.log; }
  date +%T; timeout 60 python3 bench/probe/gptoss_swiglu.py --ms 1,4,16,64,256 --reps 30 2>&1 \
    | tee $OUT/gptoss_swiglu_s30a$tag.log
done
date +%T
