# prepared in the twenty-eighth session (no device came): the gpt-oss numerics (swigluoai, expert biases,
# NVFP4MoE.from_gpt_oss) on the GPU -- their GPU tests (gpu_tests_gptoss_s29a.log) and what they cost
# (gptoss_swiglu_s29a.log), ~3 min; dev_s28a.sh (or dev_s28c.sh) is the other pending call
set -u
. bench/probe/dev_setup.sh
date +%T
timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_nn.py -k "gptoss or gpt_oss or activations or bad_inputs or block" \
  -p no:cacheprovider 2>&1 | tail -15 | tee $OUT/gpu_tests_gptoss_s29a.log
timeout 90 python3 bench/probe/gptoss_swiglu.py --ms 1,4,16,64,256 --reps 30 2>&1 | tee $OUT/gptoss_swiglu_s29a.log
date +%T
