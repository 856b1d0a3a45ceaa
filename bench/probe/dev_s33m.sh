# thirty-third session, last device minutes: the padded-blocks rule (_wgmma_block) - the MoE wgmma GPU tests (a new
# case takes BM 80 by the rule), and the rule's picks at 64 / 80 pairs per expert (80 / 48 slots) against forced 64
# -> ab_moe_rule_s33m.log (~1.5 min)
set -u
. bench/probe/dev_setup.sh
timeout 100 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -k "wgmma" -p no:cacheprovider 2>&1 | tail -2
timeout 60 python3 bench/ab_env.py --models mixtral --ms 256,320 --reps 5 --rounds 2 --blocks 48,64,80 \
  --env NVFP4_JIT_UNUSED=1 --env NVFP4_JIT_MOE_WGMMA=64 2>&1 | tee $OUT/ab_moe_rule_s33m.log
