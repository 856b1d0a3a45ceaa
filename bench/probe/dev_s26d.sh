# twenty-sixth session, after fixing the split-K reduction for token tiles whose BM / 2 is not a multiple of 32
# (m80 / m96 / m112 read accumulators past BM / 2 and wrote their sums to the next row block's tokens:
# gpu_tests_s26b_h200.log, 24 failed, all of them split K with two row blocks): (1) the whole GPU suite
# (gpu_tests_s26d.log), (2) bench/gemm.py on the TP shards at 96 / 128 tokens (gemm_tp_s26d.md), (3) dev_s26c.sh
# (fitted token tiles at 33-48 and 129-255 tokens) with what time is left.
set -u
. bench/probe/dev_setup.sh
date +%T; python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -4 | tee $OUT/gpu_tests_s26d.log
date +%T; timeout 120 python3 bench/gemm.py --shapes tp --reps 50 --ms 96,128 --out $OUT/gemm_tp_s26d.md 2>&1 | tail -1
date +%T; timeout 100 bash bench/probe/dev_s26c.sh
