# thirty-ninth session (not run: no device): the grouped decode against the align path at every M the 32 pairs allow
# (Mixtral (top-2) up to 16 tokens, gpt-oss (top-4) up to 8, Qwen3 (top-8) up to 4; the default groups only up to
# moe.GROUPED_MAX_M = 4 tokens, so the grouped arm sets 32), same-run A/B; decides whether GROUPED_MAX_M can grow
set -u
. bench/probe/dev_setup.sh
timeout 200 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 2,4,8,16 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=32 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_grouped_all_s39.log
