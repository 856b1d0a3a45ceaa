# prepared in the thirty-second session for the next one (issue 4, prefill): the MoE prefill path's blocks and its
# crossover were chosen before its GEMMs' output went through shared memory (5-13% faster then). (1) Blocks of
# 32 / 48 / 64 / 128 / 256 slots (NVFP4_JIT_MOE_WGMMA=BM; the 128 / 256 blocks take the dense m128 / big tiles, whose
# epilogue gained most) at 256-4096 tokens; (2) the crossover: grouped mma.sync (=0) against the prefill path (=1)
# at 8 and 12 pairs per expert (it starts at 16, WGMMA_MIN_PAIRS) -> ab_moe_bm_s33b.log, ab_moe_cross_s33b.log
# (~4 min)
set -u
. bench/probe/dev_setup.sh
B="--env NVFP4_JIT_MOE_WGMMA=32 --env NVFP4_JIT_MOE_WGMMA=48 --env NVFP4_JIT_MOE_WGMMA=64"
B="$B --env NVFP4_JIT_MOE_WGMMA=128 --env NVFP4_JIT_MOE_WGMMA=256"
timeout 200 python3 bench/ab_env.py --models qwen3,mixtral,gptoss --ms 256,1024,4096 --reps 10 --rounds 2 $B 2>&1 \
  | tee $OUT/ab_moe_bm_s33b.log
# 8 / 12 pairs per expert: Qwen3 (E 128, top-8) M = 128 / 192, gpt-oss (32, top-4) 64 / 96, Mixtral (8, top-2) 32 / 48
for c in qwen3:128,192 gptoss:64,96 mixtral:32,48; do
  timeout 60 python3 bench/ab_env.py --models ${c%%:*} --ms ${c#*:} --reps 20 --rounds 2 \
    --env NVFP4_JIT_MOE_WGMMA=0 --env NVFP4_JIT_MOE_WGMMA=1 2>&1 | tee -a $OUT/ab_moe_cross_s33b.log
done
