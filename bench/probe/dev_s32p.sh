# thirty-second session, for the next one: do the 129-256-token picks on wide layers (_big_or_twins) still hold
# with the staged epilogue? The short-K twins picks against big on the layers ab_picks_s32o did not cover
# -> ab_picks_s32p.log
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s32p_cases.txt $OUT/ab_picks_s32p.log ${1:-1000}
