# prepared in the thirty-third session: the next session's first device call (~8 min). The whole GPU suite (warmup
# now builds the 80-slot MoE variants of the padded-blocks rule, which has not run on a GPU yet), the rule's A/B
# (dev_s33m.sh's), the block sweep with the routing's blocks (dev_s34a.sh) and the MoE table -> $OUT
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3
. bench/probe/dev_setup.sh
timeout 60 python3 bench/ab_env.py --models mixtral --ms 256,320 --reps 5 --rounds 2 --blocks 48,64,80 \
  --env NVFP4_JIT_UNUSED=1 --env NVFP4_JIT_MOE_WGMMA=64 2>&1 | tee $OUT/ab_moe_rule_s33m.log
bash bench/probe/dev_s34a.sh 2>&1 | tail -50
timeout 100 python3 bench/moe.py --out $OUT/moe.md 2>&1 | grep "^|"
