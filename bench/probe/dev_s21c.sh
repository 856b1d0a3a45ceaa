# twenty-first session, third H100 call (~5 min). (0) The whole GPU suite after the two rule changes (rows of 16
# tokens at 17-64 on small narrow layers; wgmma from 33 tokens on narrow layers from 4096x1024). (1) The wgmma rule
# A/B, the new path second (ab_m64_rule.log). (2) 96 / 128 tokens on small narrow layers, where wgmma measured 0.70-
# 0.91x of cuBLAS (gemm_tp.md: 1280x8192 M = 128 25.5 against 17.9 µs): default against more split K on m128,
# s64x2 / s32x2 with the dispatch's split and more, mma.sync (ab_m128_small.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 300 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s21.log
for s in 2048x2048 4096x1024 4096x2048 4096x3584 1536x4096 2048x1024; do
  timeout 40 python3 bench/ab_env.py --shapes $s --ms 33,48,64 --reps 30 --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_PDL=1 \
    2>&1 | grep -v "^NVIDIA" | sed 's/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_m64_rule.log
done
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
for s in 1280x8192 1024x8192 2560x8192 768x4096 1536x4096; do
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 96,128 --reps 30 --env NVFP4_JIT_PDL=1 --env NVFP4_JIT_WGMMA=0 \
    --env $W=128,1,1,3,8,2,2 --env $W=64,1,1,4,8,2,2 --env $W=32,1,1,4,4,2,2 --env $W=32,1,1,4,8,2,2 \
    $(python3 bench/probe/sk_env.py $s 128 64,1,1,4,2,2 64,1,1,4,1,4,2) 2>&1 | grep -v "^NVIDIA" \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_m128_small.log
done
