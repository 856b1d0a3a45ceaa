# The A/B loop of dev_s28a.sh / dev_s30b.sh (sourced after dev_setup.sh): per line "shape M old new" of the case
# file (its first NCASES), wgmma config old against new and new's K-group twin (BM,1,1,4,sk,1,3,2), with cuBLAS bf16,
# appended to LOG.   Usage: ab_cases CASES LOG [NCASES]
ab_cases() {
  local cases=$1 log=$2 n=${3:-1000} sh m old new bm a wg d sk rest
  while read sh m old new; do
    IFS=, read bm a wg d sk rest <<< "$new"
    timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh \
      --env NVFP4_JIT_WGMMA_CONFIG=$old --env NVFP4_JIT_WGMMA_CONFIG=$new \
      --env NVFP4_JIT_WGMMA_CONFIG=$bm,1,1,4,$sk,1,3,2 2>&1 | grep -v "^NVIDIA" \
      | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a "$log"
  done < <(head -$n "$cases")
}
