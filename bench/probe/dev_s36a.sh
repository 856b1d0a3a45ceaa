# (needs bench/notes/wgss.diff applied, or commit 3a94f9a)
# thirty-sixth session: the wgss kernel (x as the wgmma A operand, weights dequantized into shared memory) - its GPU
# tests, then A/B against the default dispatch at 16-64 tokens on wide layers (graph µs, cuBLAS bf16 in the same run)
source bench/probe/dev_setup.sh
ab() {  # SHAPE MS CFG...
  local sh=$1 ms=$2; shift 2
  local envs=(--env NVFP4_JIT_WGSS=0) c
  for c in "$@"; do envs+=(--env "NVFP4_JIT_WGSS=$c"); done
  timeout 150 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $ms --shapes $sh "${envs[@]}" 2>&1 \
    | grep -v "^NVIDIA" | sed 's/NVFP4_JIT_WGSS=//g' | tee -a $OUT/ab_wgss_s36_h100.log
}
ab 28672x4096 64 14,7,6,1,3
timeout 200 python3 -m pytest -q -x -p no:cacheprovider tests/test_marlin.py -k wgss 2>&1 | tail -15 | tee $OUT/gpu_tests_wgss_s36.log
ab 28672x4096 16,32,64 14,7,6,1,3 16,7,6,1,3 14,3,6,1,3 14,7,4,1,2
ab 14336x4096 32,64 7,7,4,2,3 8,7,4,2,3 14,7,6,1,3
ab 8192x28672 32,64 4,7,4,2,3 8,7,4,2,3
ab 24576x4096 64 12,7,6,1,3
