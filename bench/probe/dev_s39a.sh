# thirty-ninth session: GEMM 2 prefetching its weight slices into L2 before it waits for GEMM 1 (l2pf).
# A/B first (it decides), then the MoE GPU tests, then the timeline of the decode cases with it on / off.
set -u
git apply bench/notes/s39/l2pf.diff  # (not in the product; applies at 8fdf9b3: git checkout 8fdf9b3 -- nvfp4_jit templates tests first)
. bench/probe/dev_setup.sh
timeout 150 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 1,2,4,8 --reps 30 --rounds 2 \
  --env NVFP4_JIT_MOE_L2PF=0 --env NVFP4_JIT_MOE_L2PF=1 --env NVFP4_JIT_MOE_L2PF=2 2>&1 | grep -v "^NVIDIA" | tee $OUT/ab_l2pf_s39.log
timeout 150 python3 -m pytest -q -n 8 -p no:cacheprovider tests/test_moe.py 2>&1 | tee $OUT/gpu_tests_moe_s39.log | tail -4
for e in 0 1; do
  NVFP4_JIT_MOE_L2PF=$e timeout 60 python3 bench/probe/moe_timeline.py --models gptoss,qwen3 --ms 1,4 2>&1 \
    | tee -a $OUT/timeline_l2pf_s39.log | tail -12
done
