# device run (ninth session, 1): the GPU suite at HEAD (jit._args was only CPU-tested), then eager host time per
# call of the dense paths and a cProfile of marlin.gemm
bash bench/gpu_session.sh tests 2>&1 | tail -4
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
cp /tmp/out/gpu_tests.log $OUT/ 2>/dev/null
python3 bench/probe/host_profile.py --profile 2>&1 | tee $OUT/host_profile.log | head -120
