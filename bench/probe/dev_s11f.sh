# device run (eleventh session, 6): WIDE_M8_NT4 in the dispatch (<= 8 tokens, wide short-K layers whose
# WIDE_M8["short"] grid needs more than one wave): whole GPU suite (the register-config test runs it), A/B against
# the shipped config in one process (tune_gemm: auto = the new rule), gemm.py rows of the affected layer.
set -u
timeout 240 bash bench/gpu_session.sh tests 2>&1 | tail -4
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
for r in 1 2; do
  timeout 60 python3 bench/tune_gemm.py --shapes 28672x4096,14336x4096 --ms 1,8 --sks 1 --reps 40 \
    --configs "1,2,1,4,2,1;1,4,1,4,1,0" 2>&1 | tee -a $OUT/ab_nt4.log
done
timeout 90 python3 bench/gemm.py --shapes 28672x4096,14336x4096,8192x28672 --ms 1,4,8,16 --reps 50 --out $OUT/gemm_nt4.md 2>&1 | grep -v "^|"
