# device run (eleventh session, 5): four n16 tiles per warp (NT = 4) for <= 8 tokens on wide layers, so that the grid
# fits in one wave (28672x4096: 448 CTAs instead of 896 at 4 per SM); ptxas (local): (1,4,1,4,1,1) 96 registers,
# (1,4,1,2,2,1) / (1,4,1,4,2,1) 168, no spills. Against the shipped (1,2,1,4,2,1) (auto) in the same run.
set -u
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
fi
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
C="1,2,1,4,2,1;1,4,1,4,1,1;1,4,1,2,2,1;1,4,1,4,2,1;1,4,1,2,1,1;1,4,1,8,1,1;1,4,2,4,1,1;1,4,1,4,1,0;1,4,1,8,2,0"
for r in 1 2; do
  timeout 100 python3 bench/tune_gemm.py --shapes 28672x4096,8192x28672,14336x4096 --ms 1,4,8 --sks 1 --reps 40 \
    --configs "$C" 2>&1 | tee -a $OUT/tune_gemm_nt4_s11.log
done
