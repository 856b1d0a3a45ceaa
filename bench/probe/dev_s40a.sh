# fortieth session (device): 1. the grouped decode for up to 64 pairs (bench/notes/s40/grouped64.diff): its tests, then
# A/B against the align path at every M it covers (NVFP4_JIT_MOE_DIRECT=1 vs 16: Qwen3 up to 8 tokens, gpt-oss 16,
# Mixtral 16; this also decides whether moe.GROUPED_MAX_M = 4 can grow);
# (2., in dev_s40c.sh) the grouped path's tile configs at 2-4 tokens (thirty-ninth session's plan): it runs the align path's configs,
#    though most of its blocks hold one pair, as the one-token path's do. Candidates: the one-token ones and
#    neighbours (MT,NT,WN,WK,P,XPF[,MINB]).
set -u
. bench/probe/dev_setup.sh
git apply bench/notes/s40/grouped64.diff || exit 1
timeout 170 python3 -m pytest -q -n 8 -p no:cacheprovider tests/test_moe.py -k "grouped" 2>&1 | tee $OUT/gpu_tests_grouped64.log | tail -3
timeout 200 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 2,4,6,8,16 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_DIRECT=1 --env NVFP4_JIT_MOE_DIRECT=16 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_grouped64.log
