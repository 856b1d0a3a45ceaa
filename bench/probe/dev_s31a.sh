# thirty-first session (issue 3, 129-256 tokens): dev_s30b.sh found the m128 twins 7-20% faster than "big" on
# 9216-14336 x 1024 (SM load ratio 0.75-1.0) and the K-group m128k twins 4-10% faster at 224-256 tokens where the
# ratio is 0.75 and K <= 2048. The same A/B on layers it did not cover (bench/probe/s31a_cases.txt: 14336 x 1536 /
# 2048, 28672x1024, 16384x1024, 9216 / 12288 x 3072) -> ab_short_k_s31a.log. ~1.5 min.
set -u
. bench/probe/dev_setup.sh
date +%T
. bench/probe/ab_cases.sh
ab_cases bench/probe/s31a_cases.txt $OUT/ab_short_k_s31a.log ${1:-1000}
date +%T
