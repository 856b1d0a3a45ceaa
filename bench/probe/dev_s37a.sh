# (superseded: run in the thirty-seventh session as bench/probe/dev_s37.sh, see bench/RESULTS.md)
# prepared in the thirty-sixth session, not run (no device time left). Apply first:
#   git apply bench/notes/wgmma_tpc.diff
# TPC: n16 tiles per CTA as a 9th wgmma config element, so that a wide layer's tiles spread evenly over one CTA per
# SM at 33-64 tokens (the thirty-sixth session: the 64-token kernel is bound by its weight stream per SM; 256-row
# CTAs with deeper rings streamed ~2.3 µs per tile against ~2.4 for m64's two-per-SM, but left 20 SMs idle on
# 28672x4096). Expected from those rates: 28672x4096 at 64 tokens ~32.5 µs (128 CTAs of 14 tiles) against 38.
# 1. the new GPU tests, 2. A/B at 33-64 tokens (graph µs, cuBLAS bf16 alongside). (The 24576x4096 WG = 3 rows
# need no diff: 12 tiles per CTA, 128 CTAs, with the shipped code.)
source bench/probe/dev_setup.sh
timeout 200 python3 -m pytest -q -x -p no:cacheprovider tests/test_marlin.py -k "tiles_per_cta or wgmma_rule" 2>&1 | grep -E "passed|failed|Error|assert" | tail -5 | tee $OUT/gpu_tests_tpc.log
C=NVFP4_JIT_WGMMA_CONFIG
ab() {  # SHAPES MS CFG...
  local sh=$1 ms=$2 envs=(--env $C=) c; shift 2
  for c in "$@"; do envs+=(--env "$C=$c"); done
  timeout 200 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $ms --shapes $sh "${envs[@]}" 2>&1 \
    | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$C=//g" | tee -a $OUT/ab_tpc.log
}
ab 28672x4096 33,48,64 64,1,4,4,1,1,3,1,1,14 64,1,4,3,1,1,4,1,1,14 64,1,4,4,1,1,3
ab 24576x4096 33,48,64 64,1,3,4,1,1,3 64,1,3,5,1,1,2
ab 14336x4096 33,48,64 64,1,2,4,1,1,4,1,1,7 64,1,2,5,1,1,3,1,1,7
ab 8192x28672 48,64 64,1,1,5,1,1,4,1,1,4 64,1,2,4,2,1,4,1,1,8
