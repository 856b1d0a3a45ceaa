# twenty-eighth session: dev_s28a.sh (the A/B of m128 twins for short big grids, the diff applied, GPU suite), then,
# if the call has time left, the TP table at 160 / 224 tokens (dev_s27e.sh's, with the diff applied: gemm_tp_s28b.md)
set -u
t0=$(date +%s)
. bench/probe/dev_s28a.sh   # (sourced: its environment for the table)
if [ $(( $(date +%s) - t0 )) -lt 400 ]; then
  timeout 150 python3 bench/gemm.py --shapes tp --ms 160,224 --reps 30 --out $OUT/gemm_tp_s28b.md 2>&1 | tail -2
fi
date +%T
