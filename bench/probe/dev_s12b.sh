# device run (twelfth session, 2): bulk-copy rings (tile configs with cfg[8] = 1) -- GPU tests of the ring configs
# and the forced MoE bulk configs, then A/B against the shipped decode configs (dense M = 1 / 4 / 16, MoE M = 1 / 4).
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider -k "ring_configs or bulk_ring" \
  > $OUT/gpu_tests_bulk.log 2>&1; tail -15 $OUT/gpu_tests_bulk.log
D="1,1,1,8,2,1,0,4,1;1,1,1,8,4,1,0,3,1;1,2,1,4,2,1,0,4,1;1,2,1,4,4,1,0,3,1;1,4,1,4,1,0,0,4,1;1,1,1,4,4,1,0,4,1"
D="$D;1,2,1,8,2,1,0,3,1;2,2,1,4,2,0,0,4,1;2,1,1,8,2,1,0,4,1;2,4,1,4,1,0,0,4,1;2,2,1,8,1,0,0,4,1"
timeout 200 python3 bench/tune_gemm.py --shapes 4096x14336,28672x4096,6144x4096,8192x28672,4096x4096 --ms 1,4,16 \
  --sks 1 --reps 30 --configs "$D" 2>&1 | tee $OUT/tune_bulk_dense.log
G1="1,2,1,4,2,1,0,4,1;1,2,1,4,1,1,0,4,1;1,2,1,4,4,1,0,3,1;1,2,1,2,2,1,0,4,1"
G2="1,1,2,4,2,1,0,4,1;1,2,1,4,2,1,0,4,1;1,1,1,4,2,1,0,4,1;1,2,2,2,1,1,0,4,1"
NVFP4_JIT_MOE_DOWN=0 timeout 150 python3 bench/tune_moe.py --models gptoss,qwen3 --ms 1,4 --g1 "$G1" --g2 "$G2" \
  --reps 30 2>&1 | tee $OUT/tune_bulk_moe.log
