# device run: the dense wgmma GEMM launched with PDL after xperm (first weights before x): GPU suite, A/B PDL off / on
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -2
for r in 1 2; do
  NVFP4_JIT_PDL=1 python3 bench/probe/wg_times.py pdl
  NVFP4_JIT_PDL=0 python3 bench/probe/wg_times.py nopdl
done 2>&1 | tee $OUT/ab_pdl.log
python3 bench/ab_env.py --shapes 4096x4096,6144x4096,4096x14336 --ms 64,128,256 --env NVFP4_JIT_PDL=0 --env NVFP4_JIT_PDL=1 --rounds 1 2>&1 | tee $OUT/ab_pdl_graph.log
