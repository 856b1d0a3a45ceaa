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
while read sh m old new; do
  IFS=, read bm a wg d sk rest <<< "$new"
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_WGMMA_CONFIG=$old \
    --env NVFP4_JIT_WGMMA_CONFIG=$new --env NVFP4_JIT_WGMMA_CONFIG=$bm,1,1,4,$sk,1,3,2 2>&1 | grep -v "^NVIDIA" \
    | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_short_k_s30b.log
done < <(head -$NCASES bench/probe/s30b_cases.txt)
date +%T
