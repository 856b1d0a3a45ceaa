# prepared in the thirtieth session (issue 3, 129-256 tokens): the thirtieth session's A/B (ab_m128_s30_h100.log)
# found the two row blocks of m128 twins 8-15% faster than "big" on 10240x1024, whose SM load ratio (0.75) is the
# same as that of the K = 4096 layers where they lost, and the K-group m128k twins 3-7% faster at 224-256 tokens on
# 9216-12288 x 4096. Does short K (<= 2048) make the twins win at 0.75 (and 1.0: 14336 x 1024)? Per case of
# bench/probe/s30b_cases.txt ("shape M big twins"): big against the twins (MINB 2) and m128k, with cuBLAS bf16
# (ab_short_k_s30b.log). ~2.5 min. No diff: a rule follows from the numbers.
set -u
NCASES=${1:-1000}
. bench/probe/dev_setup.sh
date +%T
. bench/probe/ab_cases.sh
ab_cases bench/probe/s30b_cases.txt $OUT/ab_short_k_s30b.log $NCASES
date +%T
