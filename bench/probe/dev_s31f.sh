# thirty-first session (issue 3): the m128 twins in place of big where big splits K into several waves, as landed for
# K <= 4096, on K = 8192 layers (the rule keeps big there; bench/probe/s31f_cases.txt: 20480 / 24576 / 57344 x 8192,
# "shape M big twins", the third column their K-group twin) -> ab_split2_s31f.log. ~40 s.
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_cases bench/probe/s31f_cases.txt $OUT/ab_split2_s31f.log ${1:-1000}
