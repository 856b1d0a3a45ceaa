# thirty-eighth session, first call: the whole GPU suite on the shipped code (8e314a1 + the MoE gr cleanup 603f0e9)
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3 | tee $OUT/suite_tail.txt
grep -c PASSED $OUT/gpu_tests.log; grep -E "FAILED|ERROR" $OUT/gpu_tests.log | head
