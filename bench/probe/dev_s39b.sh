# thirty-ninth session: the grouped decode (now in the product) against the align path at every M it takes by default
# (T <= 32 pairs: Mixtral (top-2) up to 16 tokens, gpt-oss (top-4) up to 8, Qwen3 (top-8) up to 4), same-run A/B
set -u
. bench/probe/dev_setup.sh
timeout 200 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 2,4,8,16 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT= 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_grouped_all_s39.log
