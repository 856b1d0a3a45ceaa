# thirty-first session (issue 3): the new rule for 129-256 tokens on wide layers (marlin._big_or_twins: the K-group
# m128k twins at 193-256 tokens where their load is <= 0.8x big's with K <= 4096, the m128 twins at an even load with
# K <= 1536 / 2048) on layers none of its A/Bs covered (bench/probe/s31b_cases.txt "shape M old new", from
# changed_cases.py HEAD) -> ab_rule_s31b.log, then the dense GEMM GPU tests with it -> gpu_tests_marlin_s31b.log.
set -u
. bench/probe/dev_setup.sh
date +%T
. bench/probe/ab_cases.sh
ab_cases bench/probe/s31b_cases.txt $OUT/ab_rule_s31b.log ${1:-1000}
date +%T
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -p no:cacheprovider 2>&1 | tail -3 \
  | tee $OUT/gpu_tests_marlin_s31b.log
date +%T
