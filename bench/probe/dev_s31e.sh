# thirty-first session (issue 3): the m128 twins in place of big where big splits K = 4096 into several waves, on the
# layers the rule newly takes that dev_s31d.sh did not time (bench/probe/s31e_cases.txt: 22528 / 36864 / 57344 x
# 4096; "shape M big twins", the third column their K-group twin) -> ab_split2_s31e.log. ~40 s.
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_cases bench/probe/s31e_cases.txt $OUT/ab_split2_s31e.log ${1:-1000}
