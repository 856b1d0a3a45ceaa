# thirty-third session (issue 4, prefill): (1) the crossover again at 10 and 12 pairs per expert (s33b: grouped
# mma.sync wins at 8 by 7-32%, the prefill path at 12 by 0.4-10%); (2) blocks of 64 against 256 slots (the dense
# "big" tile, whose epilogue gained most from the staged output) at 1024-8192 tokens on all five MoE shapes
# (s33b: Mixtral M=1024 / 4096 256 wins by 5 / 20%, gpt-oss and Qwen3 64) -> ab_moe_cross_s33d.log,
# ab_moe_big_s33d.log (~4 min)
set -u
. bench/probe/dev_setup.sh
for c in qwen3:160,192 gptoss:80,96 mixtral:40,48; do
  timeout 60 python3 bench/ab_env.py --models ${c%%:*} --ms ${c#*:} --reps 20 --rounds 3 \
    --env NVFP4_JIT_MOE_WGMMA=0 --env NVFP4_JIT_MOE_WGMMA=1 2>&1 | grep -v "^NVIDIA" | tee -a $OUT/ab_moe_cross_s33d.log
done
for c in mixtral:1024,2048,8192 mixtral22:512,1024,2048,4096 scout:1024,2048,4096,8192 gptoss:2048,8192 qwen3:2048,8192; do
  timeout 90 python3 bench/ab_env.py --models ${c%%:*} --ms ${c#*:} --reps 10 --rounds 2 \
    --env NVFP4_JIT_MOE_WGMMA=64 --env NVFP4_JIT_MOE_WGMMA=256 2>&1 | grep -v "^NVIDIA" | tee -a $OUT/ab_moe_big_s33d.log
done
