# device run (tenth session, 1): the launch-plan patch (git apply bench/notes/s9_launch_plans_untested.patch; old
# package in bench/probe/old_s9 = a930bed's, untracked): GPU suite, host time per call old/new, eager decode
# steps old/new, chains; then wgmma tiles whose x tile is shared by 3-4 warpgroups (x re-read from L2 per tile;
# run with (64,1,4,2,1,4), (64,1,4,4,1,2), (64,1,3,3,1,4), (128,1,3,3,1,2) added to tune_wgmma.CANDIDATES, not kept).
set -u
timeout 330 bash bench/gpu_session.sh tests 2>&1 | tail -6
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
echo "## host time, before (a930bed's package)"
PYTHONPATH=$PWD/bench/probe/old_s9:/tmp/site timeout 40 python3 bench/probe/host_profile.py 2>&1 | tee $OUT/host_old.log | grep -v "^|"
echo "## host time, plans"
timeout 40 python3 bench/probe/host_profile.py --profile 2>&1 | tee $OUT/host_new.log | head -40
echo "## eager decode steps (nn modules), before and now"
PYTHONPATH=$PWD/bench/probe/old_s9:/tmp/site timeout 40 python3 bench/eager.py 2>&1 | tee $OUT/eager_old.log
timeout 40 python3 bench/eager.py 2>&1 | tee $OUT/eager_new.log
timeout 40 python3 bench/chain.py --models llama3-8b --ms 1,4 --modes gemms,fused --reps 30 2>&1 | grep -v "^|" | tee $OUT/chain.log
echo "## wgmma tiles sharing x across 3-4 warpgroups"
timeout 150 python3 bench/tune_wgmma.py --shapes 8192x28672,28672x4096,4096x14336,6144x4096 --ms 64,128 --bms 64,128 --sks 1,2,4 --reps 20 2>&1 | tee $OUT/tune_wgmma.log | grep -v "^ "
