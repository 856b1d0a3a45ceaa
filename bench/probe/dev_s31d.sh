# thirty-first session (issue 3): dev_s31c.sh found two row blocks of the m128 twins 18-20% faster than big split 2
# on 24576x4096 at 224-256 tokens (even SM load). Per line of bench/probe/s31d_cases.txt ("shape M A B C"): big with
# the dispatch's split (2), big unsplit, the m128 twins, on 18432-24576 x 4096 at 160-256 -> ab_split2_s31d.log.
set -u
. bench/probe/dev_setup.sh
date +%T
. bench/probe/ab_cases.sh
ab_configs bench/probe/s31d_cases.txt $OUT/ab_split2_s31d.log ${1:-1000}
date +%T
