# prepared in the thirty-ninth session for the next device call (nothing here is measured yet):
# 1. the grouped decode against the align path at every M the 32 pairs allow (decides whether moe.GROUPED_MAX_M = 4
#    can grow: Mixtral up to 16 tokens, gpt-oss up to 8);
# 2. the grouped path's tile configs at 2-4 tokens: it runs the align path's configs (gate_up_config / down_config with
#    direct=False), though most of its blocks hold one pair, as the one-token path's (direct_gate_up_config /
#    direct_down_config) do. Candidates: the one-token ones and their neighbours (MT,NT,WN,WK,P,XPF[,MINB]).
set -u
. bench/probe/dev_setup.sh
timeout 200 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 2,4,6,8,16 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=32 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_grouped_all.log
timeout 240 python3 bench/tune_moe.py --models qwen3,gptoss --ms 2,3,4 --rounds 2 \
  --g1 "1,2,1,4,2,1;1,2,2,4,1,1;1,2,1,8,1,1;1,2,1,4,1,1,4" \
  --g2 "1,1,2,4,1,1,4;1,1,2,4,2,1,3;1,2,2,4,1,1,4;1,2,4,2,1,1,4;1,1,4,2,1,1,4" 2>&1 | tee $OUT/tune_grouped_cfg.log
