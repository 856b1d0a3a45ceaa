# prepared in the thirty-second session for the next one (issue 3): the thirty-second session found the 129-256
# short-K twins rules out of date once the output went through shared memory (ab_picks_s32o/s32p). The same check
# for the other token-tile rules: 65-128 tokens (_or_big: big split against the m128 fitted tiles; _kgroup_fill),
# 129-256 on narrow layers (_or_big with two row blocks) and on 10240x8192 / 5120x8192. Each line: the current pick
# first, then big fitted (split by _big_split), the m128 and m128k fitted tiles (split by wgmma_split_k), with
# cuBLAS bf16 -> ab_picks_s33a.log (~3.5 min; an argument N runs the first N lines)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s33a_cases.txt $OUT/ab_picks_s33a.log ${1:-1000}
