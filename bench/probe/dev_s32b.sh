# prepared in the thirty-first session for the next one (issue 3): bench/notes/wgmma_staged_epilogue.diff, the dense
# wgmma kernel's output through shared memory (stmatrix .trans into [tokens][rows], then 16-byte stores along each
# token's rows) in place of BM / 2 two-byte stores per thread, where N % 8 == 0 and out is 16-byte aligned (split K:
# the tile's last CTA, after the reduction). A fit of big's µs over M and K left ~0.053 µs per token per CTA that
# does not grow with K (~14 of the 31 µs of 9216x1024 at 256 tokens); if that is the epilogue, short-K layers at
# 129-256 tokens gain most. The index math
# was checked on the CPU against the kernel's coords() (every output from the right accumulator, for BM 16-256,
# AT 1-2, WG 1-2); every wgmma variant compiles for sm_90a without spills. Here: graph µs at HEAD (default dispatch),
# then the diff applied: the dense GPU tests (tests/test_marlin.py, 596 before; the diff adds 4: staged and
# direct epilogues bit-identical, each against float64) and the same timings
# -> ab_epi_s32b{,_staged}.log (and 1024 / 2048 tokens on two layers), gpu_tests_marlin_s32b_staged.log. ~7 min;
# `dev_s32b.sh quick` times 3 shapes (~3 min).
# (8192x28672 at 64 tokens, split K 4: 2.42x faster than bf16, issue 3 asks 2.5x.)
set -u
. bench/probe/dev_setup.sh
shapes=9216x1024,14336x1024,12288x4096,28672x4096,6144x4096,4096x14336,8192x28672; ms=32,64,128,256
[ "${1:-}" = quick ] && shapes=9216x1024,12288x4096,28672x4096
date +%T
for tag in "" _staged; do
  if [ -n "$tag" ]; then
    git apply bench/notes/wgmma_staged_epilogue.diff || exit 1
    export NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache-staged
    python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
    timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -p no:cacheprovider 2>&1 | tail -3 \
      | tee $OUT/gpu_tests_marlin_s32b$tag.log
  fi
  date +%T
  timeout 200 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $ms --shapes $shapes --env NVFP4_JIT_AB=0 \
    2>&1 | tee $OUT/ab_epi_s32b$tag.log
  # prefill: at ~0.45 ns per output per SM (the fit's b over the tile's rows) the epilogue would be ~100 of the
  # ~390 µs of 28672x4096 at 1024 tokens
  timeout 120 python3 bench/ab_env.py --bf16 --reps 10 --rounds 2 --ms 1024,2048 --shapes 28672x4096,4096x14336 \
    --env NVFP4_JIT_AB=0 2>&1 | tee -a $OUT/ab_epi_s32b$tag.log
done
date +%T
