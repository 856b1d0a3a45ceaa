# device run (twelfth session, 8; H200): decode configs with four super-tiles in flight per warp (P = 4, no x
# prefetch: 74-164 registers), since on the H200 the loads-only probe ran 4096x14336 20% faster with four batches
# in flight than with two; against the shipped configs, M = 1 / 4.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
C="1,1,1,8,4,0;1,1,2,4,4,0;1,1,1,8,8,0,2;1,2,1,8,4,0;1,2,1,4,4,0;1,2,1,4,3,0"
C="$C;1,1,1,8,2,1,3;1,2,1,8,2,1;1,4,1,4,1,0;1,1,1,8,2,0;1,2,1,4,2,1"
for r in 1 2; do
  timeout 150 python3 bench/tune_gemm.py --shapes 4096x14336,8192x28672,28672x4096,6144x4096,4096x4096 --ms 1,4 \
    --sks 1 --reps 30 --configs "$C" 2>&1 | tee -a $OUT/tune_p4.log
done
