# prepared in the thirty-first session, to run after dev_s32b.sh if its diff gained: bench/notes/
# wgmma_staged_epilogue_moe.diff is wgmma_staged_epilogue.diff plus the same staged store for the fused MoE's
# prefill GEMMs (grouped wgmma kernel: token row = slot m's pair sorted_ids[m], padding slots not stored, router
# weight after the expert's bias; both MoE epilogues round by an explicit fma). CPU: every sm_90a wgmma variant,
# dense and MoE, compiles without spills. Here: fused MoE µs at 256 / 1024 tokens (Qwen3, Mixtral, gpt-oss sizes)
# at HEAD, then with the diff: the MoE and dense GPU tests, the same µs -> ab_moe_epi_s32e{,_staged}.log,
# gpu_tests_s32e_staged.log. ~5 min.
set -u
. bench/probe/dev_setup.sh
for tag in "" _staged; do
  if [ -n "$tag" ]; then
    git apply bench/notes/wgmma_staged_epilogue_moe.diff || exit 1
    export NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache-staged-moe
    python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
    timeout 240 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_marlin.py -p no:cacheprovider 2>&1 \
      | tail -3 | tee $OUT/gpu_tests_s32e$tag.log
  fi
  timeout 150 python3 bench/ab_env.py --models qwen3,mixtral,gptoss --ms 256,1024 --reps 20 --rounds 2 \
    --env NVFP4_JIT_AB=0 2>&1 | tee $OUT/ab_moe_epi_s32e$tag.log
done
