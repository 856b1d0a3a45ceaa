# thirty-second session: the 64-token wgmma configs and split K swept again on the three large shapes with
# the staged epilogue (8192x28672 M = 64 is 2.42x faster than bf16 with m64r split 4; the issue asks 2.5x), and the
# MoE table (bench/moe.py) -> tune_m64_s32g.log, moe_s32g.{md,log}.
set -u
. bench/probe/dev_setup.sh
date +%T
timeout 300 python3 bench/tune_wgmma.py --shapes 8192x28672,28672x4096,4096x14336 --ms 64 --sks 1,2,4,8 --bms 64 \
  --reps 15 2>&1 | tee $OUT/tune_m64_s32g.log
date +%T
timeout 250 python3 bench/moe.py --out $OUT/moe_s32g.md 2>&1 | tee $OUT/moe_s32g.log | grep -v "^|" | tail -5
date +%T
