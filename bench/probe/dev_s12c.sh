# device run (twelfth session, 3; H200): the GPU suite at HEAD (the eleventh session's NT = 4 decode configs were only
# run on H100), the NT = 4 configs against the ones they replace on H200, and the read-pattern probe on H200.
set -u
bash bench/gpu_session.sh tests
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
timeout 150 python3 bench/tune_gemm.py --shapes 28672x4096,14336x4096 --ms 1,4,8,9,12,16 --sks 1 --reps 30 \
  --configs "1,2,1,4,2,1;1,4,1,4,1,0;2,2,1,8,1,0,3,3;2,2,1,4,1,0,5,3;2,4,1,4,1,0" 2>&1 | tee $OUT/ab_nt4_h200.log
timeout 100 python3 bench/probe/read_patterns.py 2>&1 | tee $OUT/read_patterns_h200.log
