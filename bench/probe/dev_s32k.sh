# thirty-second session: with the staged epilogue (wgmma 6-8% faster at 1024-2048 tokens) do the prefill
# crossovers move? dequant + cuBLAS (NVFP4_JIT_WGMMA=0) against the wgmma kernel (=1, choose_wgmma's tile) at
# 2048-4096 tokens on the shapes and at 512-2048 on the narrow K = 4096 ones; "big" against "m128w" at
# 1024 on 4096x4096 / 6144x4096 -> ab_prefill_s32k.log
set -u
. bench/probe/dev_setup.sh
A="--env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_WGMMA=1"
timeout 150 python3 bench/ab_env.py --bf16 --reps 10 --rounds 2 --ms 2048,4096 $A \
  --shapes 28672x4096,4096x14336,8192x28672 2>&1 | tee $OUT/ab_prefill_s32k.log
timeout 100 python3 bench/ab_env.py --bf16 --reps 20 --rounds 2 --ms 512,2048,4096 $A \
  --shapes 4096x4096,6144x4096 2>&1 | tee -a $OUT/ab_prefill_s32k.log
timeout 60 python3 bench/ab_env.py --bf16 --reps 20 --rounds 2 --ms 1024 --shapes 4096x4096,6144x4096 \
  --env NVFP4_JIT_WGMMA=1 --env NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=256,1,2,3,1,1,2 2>&1 \
  | tee -a $OUT/ab_prefill_s32k.log
