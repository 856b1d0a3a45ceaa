# thirty-third session: where the 48-slot block hands over to 64 (s33h with the deeper rings: 48 wins at 32 pairs
# per expert by 10-14%, 64 at 48 by 12-19%): 36 / 40 / 44 pairs per expert -> ab_moe_bm_s33i.log (~1 min)
set -u
. bench/probe/dev_setup.sh
B="--env NVFP4_JIT_MOE_WGMMA=48 --env NVFP4_JIT_MOE_WGMMA=64"
for c in mixtral:144,160,176 gptoss:288,320,352 qwen3:576,640,704 scout:576,640,704; do
  timeout 100 python3 bench/ab_env.py --models ${c%%:*} --ms ${c#*:} --reps 10 --rounds 2 $B 2>&1 | grep -v "^NVIDIA" \
    | tee -a $OUT/ab_moe_bm_s33i.log
done
