# thirty-eighth session, first call: the whole GPU suite on the shipped code (8e314a1 + the MoE gr cleanup 603f0e9),
# test_moe.py first so that its verdict comes back even if the rest runs out of time
set -u
bash bench/gpu_session.sh tests tests/test_moe.py 2>&1 | tail -3 | tee $OUT/moe_tail.txt
cp $OUT/gpu_tests.log $OUT/gpu_tests_moe.log
bash bench/gpu_session.sh tests 2>&1 | tail -3 | tee $OUT/suite_tail.txt
