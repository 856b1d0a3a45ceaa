# thirty-second session, for the next one: do the 129-256-token picks on wide layers (_big_or_twins) still hold
# with the staged epilogue? Each line: the pick first, then big / the m128 twins / the m128k twins
# -> ab_picks_s32o.log
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s32o_cases.txt $OUT/ab_picks_s32o.log ${1:-1000}
