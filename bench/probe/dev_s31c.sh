# thirty-first session (issue 3, 129-256 tokens, K = 4096): big / the m128 twins (MINB 2) / the K-group m128k twins on
# narrow 4608-6144 x 4096 (now the m128 twins) and wide 16384-28672 x 4096 at 224-256 (now big) ->
# ab_k4096_s31c.log. ~1.2 min.
set -u
. bench/probe/dev_setup.sh
date +%T
. bench/probe/ab_cases.sh
ab_cases bench/probe/s31c_cases.txt $OUT/ab_k4096_s31c.log ${1:-1000}
date +%T
