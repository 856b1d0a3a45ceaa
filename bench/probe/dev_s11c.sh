# device run (eleventh session, 3): H100 sweep of the wgmma configs (incl. K groups and U = 2) where the dense
# GEMM is slower than bf16 at 128-256 tokens (bench/notes/gemm_h100_s11.md): 4096x4096 / 6144x4096 M=128/256,
# 28672x4096 / 4096x14336 M=256.
set -u
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
fi
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
timeout 200 python3 bench/tune_wgmma.py --shapes 4096x4096,6144x4096 --ms 128,256 --sks 1,2,4 --bms 64,128,256 2>&1 | tee $OUT/tune_wgmma_s11a.log
timeout 150 python3 bench/tune_wgmma.py --shapes 28672x4096,4096x14336 --ms 256 --sks 1,2,4 --bms 64,128,256 2>&1 | tee $OUT/tune_wgmma_s11b.log
