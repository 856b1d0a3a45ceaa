# thirty-second session, after the staged wgmma epilogue landed (771a7e1): the whole GPU suite, then the issue-3
# table (bench/gemm.py, the five shapes x nine M) on the new code -> gpu_tests_s32f.log, gemm_s32f.{md,log}.
set -u
. bench/probe/dev_setup.sh
date +%T
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 240 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s32f.log
date +%T
timeout 330 python3 bench/gemm.py --reps 30 --out $OUT/gemm_s32f.md 2>&1 | tee $OUT/gemm_s32f.log | grep -v "^|" | tail -5
date +%T
