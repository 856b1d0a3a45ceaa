# device run (seventh session, fourth): GPU suite with the final rules (no split K at <= 8 tokens; MoE GEMM 2 with
# two tiles per warp whenever not direct), then the decode tables
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
python3 bench/gemm.py --shapes 4096x4096,6144x4096,8192x4096,28672x4096,4096x14336,8192x28672 --ms 1,4,8,9,16 \
  --reps 50 --out $OUT/gemm_h200_s7_decode.md --json $OUT/gemm_h200_s7_decode.json 2>&1 | tail -3
python3 bench/moe.py --ms 1,2,3,4,8,16 --no-bf16 --reps 30 --out $OUT/moe_h200_s7_decode.md 2>&1 | tail -20
python3 bench/probe/waves_m8.py --shapes 28672x4096,14336x4096,8192x28672 --ms 9,16 --sks 1,2 \
  --cands "2,2,1,8,1,0,3,3;2,2,1,4,1,0,6,3;2,2,1,4,1,0,5,3;2,2,1,4,1,0,0,3;2,2,1,4,1,0,6,4" 2>&1 | tee $OUT/waves_ring16.log
