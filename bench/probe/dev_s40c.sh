# fortieth session: the grouped path's tile configs at 2-4 tokens (split off dev_s40a.sh)
set -u
. bench/probe/dev_setup.sh
timeout 190 python3 bench/tune_moe.py --models qwen3,gptoss --ms 2,3,4 --rounds 2 \
  --g1 "1,2,1,4,2,1;1,2,2,4,1,1;1,2,1,8,1,1;1,2,1,4,1,1,4" \
  --g2 "1,1,2,4,1,1,4;1,1,2,4,2,1,3;1,2,2,4,1,1,4;1,2,4,2,1,1,4;1,1,4,2,1,1,4" 2>&1 | tee $OUT/tune_grouped_cfg.log
