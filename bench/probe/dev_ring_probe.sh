# device run (sixth session): with the unrolled ring loop, does the cp.async ring now pay where it did not: the fused
# MoE's GEMMs at 4/16 tokens (every GEMM forced to P, R), and the dense kernel at 1..8 tokens on the wide layers?
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 bench/tune_moe.py --models qwen3,gptoss --ms 4,16 --rings 1:3,1:4 --rounds 2 2>&1 | tee $OUT/tune_moe_ring_s6.log
python3 bench/tune_gemm.py --only ring --shapes 28672x4096,8192x28672 --ms 1,4,8 --sks 1 --reps 20 2>&1 | tee $OUT/tune_ring_m8_s6.log
