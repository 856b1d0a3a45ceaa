# device run (eleventh session, 8): WIDE_M16_NT4 / WIDE_M8_NT4 on the wide layers whose ring / "short" grids already
# fit in one wave (14336x4096, 8192x28672), against their current configs (auto).
set -u
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
fi
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
for r in 1 2; do
  timeout 60 python3 bench/tune_gemm.py --shapes 14336x4096,8192x28672 --ms 9,16 --sks 1 --reps 40 \
    --configs "2,4,1,4,1,0;2,2,1,4,1,0,5,3;2,2,1,8,1,0,3,3" 2>&1 | tee -a $OUT/ab_m16_nt4_others.log
done
