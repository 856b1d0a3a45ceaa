# prepared in the fortieth session: one-token decode (direct path) with launch bounds (MINB), after MINB 4 made the
# grouped GEMM 1 4-5 % faster at 3-4 tokens (ptxas schedules it differently: 80 registers instead of 64). The usual
# one-token configs: GEMM 1 (1,2,1,4,2,1) Qwen3 / (1,2,1,4,1,1) gpt-oss, Mixtral (72 registers; 82 with MINB 4);
# GEMM 2 with the top-k sum (1,2,2,4,2,1) gpt-oss (122 registers; 80 with MINB 3) / (1,2,1,8,2,1) Mixtral; Qwen3's
# GEMM 2 is the resident kernel (only --g1 applies). Outputs are checked against the usual configs' by tune_moe.py.
set -u
. bench/probe/dev_setup.sh
timeout 200 python3 bench/tune_moe.py --models gptoss,qwen3,mixtral --ms 1 --rounds 5 \
  --g1 "1,2,1,4,1,1,4;1,2,1,4,1,1,3;1,2,1,4,2,1,4" \
  --g2 "1,2,2,4,2,1,3;1,2,2,4,2,1,2;1,2,1,8,2,1,2" 2>&1 | tee $OUT/tune_direct_minb.log
# Qwen3 M = 8 is 1.52x of its floor (issue 4: 1.5x): the align path's GEMM 1 (1,2,1,4,1,1) with other bounds / shapes
# (MINB 4 was 2-5 % slower at M = 5 in the fortieth session)
timeout 150 python3 bench/tune_moe.py --models qwen3,gptoss --ms 6,8 --rounds 5 \
  --g1 "1,2,1,4,1,1,3;1,2,1,4,1,1,2;1,2,2,4,1,1;1,2,1,8,1,1;1,2,1,4,2,1" 2>&1 | tee $OUT/tune_align_m8.log
