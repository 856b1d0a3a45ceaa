# twenty-first session, second H100 call (~5 min). (0) GPU tests of the new rows-of-16 rule at 17-64 tokens
# (m16_rows) and the whole dense GPU file. (1) 33-64 tokens on N = 4096 / 8192 layers with short K, where mma.sync
# (RING_M64 split K) measured 0.67-0.86x of cuBLAS in gemm_tp.md (4096x1024 M = 64: 13.0 against 8.7 µs): default
# (first) against wgmma's own pick, CONFIG_M32 narrow / wide in two rows, the one-warpgroup tiles s64x2 / s64x3 with
# the dispatch's split K (ab_m64_shortk.log). (2) bench/gemm.py on the small shards at 33-64 tokens after the rule.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 100 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -k "rows or gated" -p no:cacheprovider 2>&1 \
  | tail -2 | tee $OUT/gpu_tests_rows.log
C=NVFP4_JIT_MARLIN_CONFIG
for s in 4096x1024 4096x2048 4096x1792 4096x3584 4096x512 8192x1024 8192x2048 3072x4096 1536x4096 2048x8192; do
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 48,64 --reps 30 --env NVFP4_JIT_PDL=1 --env NVFP4_JIT_WGMMA=1 \
    --env NVFP4_JIT_WGMMA=0,$C=4,1,2,4,2,1,1 --env NVFP4_JIT_WGMMA=0,$C=4,2,2,2,2,1,1 \
    $(python3 bench/probe/sk_env.py $s 64 64,1,1,4,2,2 64,1,1,3,3,2) 2>&1 | grep -v "^NVIDIA" \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/NVFP4_JIT_MARLIN_CONFIG=//g; s/ (err [0-9.e-]*)//g' \
    | tee -a $OUT/ab_m64_shortk.log
done
timeout 120 python3 bench/gemm.py --reps 50 --shapes 768x4096,1024x8192,1280x8192,1024x14336,512x4096 \
  --ms 24,33,48,64 --out $OUT/gemm_rows.md 2>&1 | tail -1
timeout 300 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -p no:cacheprovider 2>&1 | tail -2 \
  | tee $OUT/gpu_tests_marlin.log
