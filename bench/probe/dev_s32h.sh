# thirty-second session: m64r split 4 (the pick, 2 CTAs per SM) against m64d split 2 (one per SM) on the widest
# long-K layers at 40-64 tokens (tune_m64_s32g.log: 8192x28672 M = 64 66.1-66.9 against 65.3 µs)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s32h_cases.txt $OUT/ab_m64d_s32h.log
