# nineteenth session (H100), fifth call, at the tree with the new small-M rule ("m16" at 9-16 and "m32r" at 17-32
# tokens on wide layers from 6 x 4096x4096, m128w on one-wave grids from 70%): dense GPU tests, the rule against
# mma.sync / the old m32 tile on two layers it newly covers (8192x14336, 24576x4096) and two it was measured on, the
# README table (gemm_h100_s19.md / .json).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py -p no:cacheprovider 2>&1 \
  | grep -v "Warning\|warner(" | tail -3 | tee $OUT/gpu_tests.log
timeout 100 python3 bench/ab_env.py --shapes 8192x14336,24576x4096,28672x4096,8192x28672 --ms 9,12,16 --reps 30 \
  --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_PDL=1 2>&1 | tee $OUT/ab_m16_rule.log
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "8192x14336 4" "24576x4096 1"; do
  set -- $s
  timeout 60 python3 bench/ab_env.py --shapes $1 --ms 17,24,32 --reps 30 --env $W=32,1,2,2,$2,2,4 \
    --env NVFP4_JIT_PDL=1 2>&1 | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m32r_rule.log
done
timeout 280 python3 bench/gemm.py --reps 50 --out $OUT/gemm.md --json $OUT/gemm.json 2>&1 | tail -3
