# thirty-second session: m64r (2 CTAs per SM) against m64d with half the split (one per SM) on the other layers
# that take m64r at 33-64 tokens (N = 16384 with K >= 14336, 8192x53248); 8192x28672 again
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s32i_cases.txt $OUT/ab_m64d_s32i.log
