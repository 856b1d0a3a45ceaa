# twenty-seventh session: at 129-256 tokens the rows below cuBLAS bf16 (gemm_s27a_h100.md, ab_twins_s27a_h100.log)
# run grids that fill a wave badly: 10240x8192 b224 = 80 CTAs on 132 SMs, 4608x14336 m112 x 2 row blocks = 144
# CTAs (12 SMs take two). A/B: the default against the 128-row "big" twins and the 64-row m80..m112 twins with
# split K (any integer: the kernel's slices are ceil(KT / SK)) so that the grid fills its waves
# (ab_bigsplit_s27b.log).
set -u
. bench/probe/dev_setup.sh
date +%T; python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T
ab() {  # shape M env...
  local sh=$1 m=$2; shift 2
  local args=(); for e in "$@"; do args+=(--env "NVFP4_JIT_WGMMA_CONFIG=$e"); done
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_PDL=1 "${args[@]}" \
    2>&1 | grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_bigsplit_s27b.log
}
# big twins: BM,1,2,3,SK,1,2   m80..m112 (m128 twins): BM,1,1,3,SK,2,2   m80k..m112k: BM,1,1,4,SK,1,3,2
for m in 160 192 224; do ab 10240x8192 $m $m,1,2,3,2,1,2 $m,1,2,3,3,1,2; done
ab 10240x8192 256 256,1,2,3,2,1,2 256,1,2,3,3,1,2
ab 4608x14336 160 160,1,2,3,3,1,2 160,1,2,3,7,1,2 80,1,1,3,2,2,2
ab 4608x14336 224 224,1,2,3,3,1,2 224,1,2,3,7,1,2 112,1,1,3,2,2,2
ab 4608x14336 256 256,1,2,3,3,1,2 256,1,2,3,7,1,2 128,1,1,3,2,2,2
ab 6144x4096 160 160,1,2,3,2,1,2 80,1,1,3,2,2,2 160,1,2,3,5,1,2
ab 6144x4096 224 224,1,2,3,2,1,2 112,1,1,3,2,2,2
ab 4096x4096 160 160,1,2,3,2,1,2 160,1,2,3,4,1,2 80,1,1,4,2,1,3,2
ab 4096x4096 192 192,1,2,3,4,1,2 96,1,1,4,2,1,3,2
ab 4096x4096 224 224,1,2,3,2,1,2 224,1,2,3,4,1,2 112,1,1,4,2,1,3,2
ab 14336x4096 224 224,1,2,3,2,1,2 112,1,1,3,2,2,2
ab 8192x8192 224 224,1,2,3,2,1,2 224,1,2,3,3,1,2 112,1,1,3,2,2,2
ab 4096x8192 224 224,1,2,3,4,1,2 112,1,1,3,2,2,2
date +%T
