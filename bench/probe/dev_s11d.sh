# device run (eleventh session, 4): H100 sweep of the mma.sync decode configs (register pipeline and cp.async ring,
# split K 1/2) for the wide / long layers closest to the 1.25x-of-floor target: 28672x4096 and 4096x14336
# at M = 1 / 4 (1.34x / 1.66x of the floor in bench/notes/gemm_h100_s11.md).
set -u
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
fi
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
timeout 280 python3 bench/tune_gemm.py --shapes 28672x4096,4096x14336 --ms 1,4 --sks 1,2 --reps 30 2>&1 | tee $OUT/tune_gemm_s11.log
