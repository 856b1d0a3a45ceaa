# thirty-second session: narrow layers with K <= 4096 at 257-1024 tokens, dequant + cuBLAS (NVFP4_JIT_WGMMA=0)
# against the wgmma kernel's "m128w" (=1) with the staged epilogue (6144x4096 M = 512, 73% of two waves: wgmma
# 54.9 against 59.7 µs, ab_prefill_s32k.log; the rule asks 90%) -> ab_m128w_s32l.log
set -u
. bench/probe/dev_setup.sh
timeout 300 python3 bench/ab_env.py --bf16 --reps 20 --rounds 2 --ms 320,384,512,640,768,1024 \
  --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_WGMMA=1 \
  --shapes 4096x4096,5120x4096,6144x4096,7168x4096,4096x2048,6144x2048,4096x3072,7168x2048 2>&1 \
  | tee $OUT/ab_m128w_s32l.log
