# device run (eleventh session, 7): WIDE_M16_NT4 (9..16 tokens on wide layers where neither ring config fits one
# wave): sweep against the ring configs and NT = 4 ring variants (tune_gemm, auto = the new rule), GPU tests of the
# dense GEMM (test_marlin.py: the register-config test runs the new config), gemm.py rows.
set -u
timeout 200 bash bench/gpu_session.sh tests tests/test_marlin.py 2>&1 | tail -3
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
C="2,2,1,8,1,0,3,3;2,2,1,4,1,0,5,3;2,4,1,4,1,0;2,4,1,4,1,1;2,4,1,2,1,0;2,4,1,4,1,0,4,3;2,4,1,4,1,0,4,4"
for r in 1 2; do
  timeout 60 python3 bench/tune_gemm.py --shapes 28672x4096 --ms 9,12,16 --sks 1 --reps 40 --configs "$C" 2>&1 | tee -a $OUT/ab_m16_nt4.log
done
timeout 40 python3 bench/gemm.py --shapes 28672x4096,14336x4096 --ms 9,16 --reps 50 --out $OUT/gemm_m16.md 2>&1 | grep -v "^|"
