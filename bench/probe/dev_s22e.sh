# twenty-second session (H100, ~3 min): after m64k_split (m64k with split K at 33-64 tokens on long-K narrow
# layers, also instead of CONFIG_M32["narrow"] rows at K = 8192): the whole GPU suite; the TP shards at 33-128
# tokens (gemm_tp_s22e.md, against gemm_tp_s22_h100.md); 1280x8192 at 49-64 tokens, the one newly routed shape not
# measured before, new rule first, then the old rows (ab_1280_s22_h100.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 300 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s22e.log
timeout 150 python3 bench/gemm.py --reps 50 --shapes tp --ms 33,48,64,128 --out $OUT/gemm_tp_s22e.md \
  --json $OUT/gemm_tp_s22e.json 2>&1 | tail -1
timeout 60 python3 bench/ab_env.py --shapes 1280x8192,2048x8192 --ms 49,56,64 --reps 30 --env NVFP4_JIT_PDL=1 \
  --env NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_CONFIG=4,1,2,4,2,1,1 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err \([0-9.e-]*\))/ e\1/g' | tee $OUT/ab_1280_s22_h100.log
