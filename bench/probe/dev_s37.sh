# thirty-seventh session (ran on an H200, results in bench/RESULTS.md; neither kept). Apply first:
#   git apply bench/notes/wgmma_tpc_l2pf_s37.diff
# TPC (tiles per CTA) and the L2 prefetch, both prepared in the thirty-sixth session, merged in one diff (the
# prefetch uses the TPC row offset); also the MoE raster kernel without its gr argument (gridDim.x).
# 1. TPC / prefetch GPU tests, 2. A/B graph µs with cuBLAS bf16 alongside, 3. MoE wgmma GPU tests.
source bench/probe/dev_setup.sh
timeout 150 python3 -m pytest -q -x -p no:cacheprovider tests/test_marlin.py -k "tiles_per_cta or wgmma_rule or l2_prefetch" 2>&1 | grep -E "passed|failed|Error|assert" | tail -5 | tee $OUT/gpu_tests_tpc.log
C=NVFP4_JIT_WGMMA_CONFIG P=NVFP4_JIT_WGMMA_L2PF
ab() {  # SHAPES MS SETTING...  (a setting: CFG[/PF])
  local sh=$1 ms=$2 envs=(--env $C=) c; shift 2
  for c in "$@"; do
    if [[ $c == */* ]]; then envs+=(--env "$C=${c%/*},$P=${c#*/}"); else envs+=(--env "$C=$c"); fi
  done
  timeout 150 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $ms --shapes $sh "${envs[@]}" 2>&1 \
    | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$C=//g; s/,$P=/\//g; s/$P=/PF/g" | tee -a $OUT/ab_s37.log
}
ab 28672x4096 33,48,64 64,1,4,4,1,1,3,1,1,14 64,1,4,3,1,1,4,1,1,14 "/2" 64,1,4,4,1,1,3,1,1,14/2
ab 8192x28672 16,64,128 "/2" "/4" 64,1,2,4,2,1,4,1,1,8 64,1,1,5,1,1,4,1,1,4
ab 24576x4096 33,48,64 64,1,3,4,1,1,3 64,1,3,5,1,1,2 64,1,3,4,1,1,3/2
ab 14336x4096 33,48,64 64,1,2,4,1,1,4,1,1,7 64,1,2,5,1,1,3,1,1,7
timeout 150 python3 -m pytest -q -x -p no:cacheprovider tests/test_moe.py -k "wgmma" 2>&1 | grep -E "passed|failed|Error|assert" | tail -5 | tee $OUT/gpu_tests_moe_wgmma.log
