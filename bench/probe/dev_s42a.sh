# prepared in the forty-first session (no device came): first dev_s41a.sh (the GPU suite on the landed code, the MoE
# decode table), then the resident GEMM 2 for grouped decode of a few tokens (bench/notes/s41/resident_tokens.diff,
# applied here only): its GPU tests, then Qwen3 M = 2 (16 pairs, the one real case it fits: 128 CTAs of one n16
# tile x 16 pairs, 192 super-tiles each, above DOWN_MAX_SUPER_TILES, hence forced with NVFP4_JIT_MOE_DOWN) against
# the usual grouped path (GEMM 2 per pair + moe_sum). Issue 4: Qwen3 M = 2 is 1.94x of its floor (target 1.5x).
set -u
timeout 330 bash bench/probe/dev_s41a.sh
git apply bench/notes/s41/resident_tokens.diff || exit 1
. bench/probe/dev_setup.sh
timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider \
  -k "resident or grouped or one_token or registered" 2>&1 | tee $OUT/gpu_tests_resident.log | tail -8
timeout 100 python3 bench/ab_env.py --models qwen3 --ms 2 --rounds 3 --env NVFP4_JIT_MOE_DOWN_M=1 \
  --env NVFP4_JIT_MOE_DOWN_M=2,NVFP4_JIT_MOE_DOWN=132 2>&1 | tee $OUT/ab_resident_m2.log
