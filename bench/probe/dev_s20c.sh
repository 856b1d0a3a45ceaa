# twentieth session (H100), third call, at the tree with the one-warpgroup decode tiles (s32x2 / s32x3 / s64x2 /
# s64x3 where their grid fills >= 80% of one wave) and the m16 threshold at 7 x 4096x4096: dense GPU tests; the new
# rule (default) against the tile the old rule took (forced, split K by the dispatch) on layers the sweep did not
# cover (10240x4096, 5120x8192) and once more on four it did (three rounds on 8192x28672, where s64x2 measured
# 1.5% slower); the README table's M = 64 column (gemm_m64.md).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 240 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py -p no:cacheprovider 2>&1 \
  | grep -v "Warning\|warner(" | tail -3 | tee $OUT/gpu_tests.log
m64="64,1,2,2,2,4"; m64d="64,1,2,4,1,4"; m32="32,1,2,2,2,4"
for t in "10240x4096 48,64 $m64 64" "5120x8192 48,64 $m64d 64" "4096x14336 48,64 $m64d 64" \
         "14336x4096 24,32 $m32 32" "14336x4096 48,64 $m64 64" "10240x8192 24,32 $m32 32" "10240x8192 48,64 $m64 64"; do
  set -- $t
  timeout 60 python3 bench/ab_env.py --shapes $1 --ms $2 --reps 30 --env NVFP4_JIT_PDL=1 \
    $(python3 bench/probe/sk_env.py $1 $4 $3) 2>&1 | grep -v "^NVIDIA" \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_wg1_rule.log
done
timeout 90 python3 bench/ab_env.py --shapes 8192x28672 --ms 40,64 --reps 30 --rounds 3 --env NVFP4_JIT_PDL=1 \
  $(python3 bench/probe/sk_env.py 8192x28672 64 $m64) 2>&1 | grep -v "^NVIDIA" \
  | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_wg1_rule.log
timeout 100 python3 bench/gemm.py --reps 50 --ms 64 --out $OUT/gemm_m64.md --json $OUT/gemm_m64.json 2>&1 | tail -3
