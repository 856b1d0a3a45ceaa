# The A/B loops of the dev_s28a.sh ... dev_s32c.sh scripts (sourced after dev_setup.sh), with cuBLAS bf16, appended
# to LOG, over the first NCASES lines of the case file:
#   ab_cases CASES LOG [NCASES]    lines "shape M old new": wgmma config old, new and new's K-group twin
#                                  (BM,1,1,4,sk,1,3,2)
#   ab_configs CASES LOG [NCASES]  lines "shape M cfg [cfg ...]": each config as given
ab_configs() {
  local cases=$1 log=$2 n=${3:-1000} sh m cfgs c
  while read sh m cfgs; do
    local envs=()
    for c in $cfgs; do envs+=(--env "NVFP4_JIT_WGMMA_CONFIG=$c"); done
    timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh "${envs[@]}" 2>&1 \
      | grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a "$log"
  done < <(head -$n "$cases")
}
ab_cases() {
  local cases=$1 log=$2 n=${3:-1000} tmp sh m old new bm a wg d sk rest
  tmp=$(mktemp)
  while read sh m old new; do
    IFS=, read bm a wg d sk rest <<< "$new"
    echo "$sh $m $old $new $bm,1,1,4,$sk,1,3,2"
  done < <(head -$n "$cases") > "$tmp"
  ab_configs "$tmp" "$log"
  rm -f "$tmp"
}
#   ab_moe LOG MODEL MS CFG...     fused-MoE A/B of prefill tile configs (NVFP4_JIT_MOE_WGMMA_CONFIG, format
#                                  BM,AT,WG,D,MINB,S) on one model at the comma-separated Ms; extra ab_env.py
#                                  arguments (placed before the configs) from the array AB_MOE_ARGS
ab_moe() {
  local log=$1 m=$2 ms=$3 c; shift 3
  local envs=("${AB_MOE_ARGS[@]}")
  for c in "$@"; do envs+=(--env "NVFP4_JIT_MOE_WGMMA_CONFIG=$c"); done
  timeout 150 python3 bench/ab_env.py --models $m --ms $ms --reps 10 --rounds 2 "${envs[@]}" 2>&1 \
    | grep -v "^NVIDIA" | sed 's/NVFP4_JIT_MOE_WGMMA_CONFIG=//g' | tee -a "$log"
}
