# prepared in the twenty-eighth session (no device came): the gpt-oss numerics (swigluoai, expert biases,
# NVFP4MoE.from_gpt_oss) on the GPU. (1) As landed (activation and biases in torch between / after the GEMMs): their
# GPU tests (gpu_tests_gptoss_s29a.log) and cost against the fused SiLU (gptoss_swiglu_s29a.log); (2) with
# bench/notes/gptoss_fused_gemm1.diff (GEMM 1's epilogue applies swigluoai and adds w13's biases; +78 variants on
# sm_90a): the same tests and timings (*_fused.log). Land the diff if its tests pass and it is faster. ~6 min.
# Shorter calls (twenty-ninth session): `bash bench/probe/dev_s29a.sh 1,4,64` (timings at those token counts only,
# ~4.5 min) or `bash bench/probe/dev_s29a.sh none` (the tests only, ~3.5 min).
set -u
MS=${1:-1,4,16,64,256}
. bench/probe/dev_setup.sh
sel="gptoss or gpt_oss or activations or bad_inputs or block"
for tag in "" _fused; do
  [ -n "$tag" ] && { git apply bench/notes/gptoss_fused_gemm1.diff || exit 1; }
  date +%T
  timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_nn.py -k "$sel" -p no:cacheprovider 2>&1 \
    | tail -15 | tee $OUT/gpu_tests_gptoss_s29a$tag.log
  [ "$MS" = none ] || timeout 90 python3 bench/probe/gptoss_swiglu.py --ms $MS --reps 30 2>&1 \
    | tee $OUT/gptoss_swiglu_s29a$tag.log
done
date +%T
