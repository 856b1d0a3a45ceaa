# thirty-second session, final code (m64d, _m128w_wins, staged epilogue): the issue-3 table and the MoE table
# -> gemm_s32n.{md,log}, moe_s32n.{md,log}
set -u
. bench/probe/dev_setup.sh
timeout 330 python3 bench/gemm.py --reps 30 --out $OUT/gemm_s32n.md 2>&1 | tee $OUT/gemm_s32n.log | grep -v "^|" | tail -3
timeout 200 python3 bench/moe.py --out $OUT/moe_s32n.md 2>&1 | tee $OUT/moe_s32n.log | grep -v "^|" | tail -3
