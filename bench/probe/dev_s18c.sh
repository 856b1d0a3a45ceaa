# eighteenth session (H100): the dense wgmma kernel in clusters of 2 / 4 CTAs sharing x tiles by multicast
# (NVFP4_JIT_WGMMA_CLUSTER): bit-identity against 1, then graph µs 1 / 2 / 4 at 64-2048 tokens, then the GPU tests
# of the dense paths with clusters of 2
set -u
. bench/probe/dev_setup.sh
timeout 150 python3 bench/probe/env_check.py NVFP4_JIT_WGMMA_CLUSTER 1 2 4 > $OUT/cluster_check.log 2>&1
echo "check rc $?"; grep -E "FAIL|FAILURES|Error|error" $OUT/cluster_check.log | head -20; tail -3 $OUT/cluster_check.log
timeout 200 python3 bench/ab_env.py --env NVFP4_JIT_WGMMA_CLUSTER=1 --env NVFP4_JIT_WGMMA_CLUSTER=2 \
  --env NVFP4_JIT_WGMMA_CLUSTER=4 --ms 64,128,256,512,1024,2048 --reps 20 2>&1 | tee $OUT/ab_cluster.log
NVFP4_JIT_WGMMA_CLUSTER=2 timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py \
  -p no:cacheprovider 2>&1 | grep -v "Warning\|warner(" | tail -4
