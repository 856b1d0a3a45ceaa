# device run (twelfth session, 5; H100): the per-block dependency between the MoE decode GEMMs (NVFP4_JIT_MOE_DEP):
# MoE GPU tests, A/B against waiting for all of GEMM 1, kernel timelines with it.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider > $OUT/gpu_tests_moe_dep.log 2>&1
tail -15 $OUT/gpu_tests_moe_dep.log
timeout 200 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 1,2,4,8,16 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DEP=0 --env NVFP4_JIT_MOE_DEP=1 --env NVFP4_JIT_MOE_DOWN=0,NVFP4_JIT_MOE_DEP=1 \
  2>&1 | tee $OUT/ab_moe_dep.log
timeout 60 python3 bench/probe/moe_timeline.py --models qwen3,gptoss --ms 1,4 2>&1 | grep -v Warn | tee $OUT/moe_timeline_dep.log
