# device run (ninth session, 2): launch plans (marlin._plans), jit.Launch for every kernel, the eager
# nn.NVFP4Linear without the op: the GPU suite, eager host time per call against the code before (bench/probe/old_s9
# = a930bed's package, untracked), a cProfile of the new path, GEMM device times, the chains (PDL through the plans),
# eager decode steps (bench/eager.py) before and now. Needs, first: git apply bench/notes/s9_launch_plans_untested.patch;
# mkdir bench/probe/old_s9 && git archive a930bed nvfp4_jit templates | tar -x -C bench/probe/old_s9  (not committed)
bash bench/gpu_session.sh tests 2>&1 | tail -4
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
echo "## host time, before (a930bed's package)"
PYTHONPATH=$PWD/bench/probe/old_s9:/tmp/site python3 bench/probe/host_profile.py 2>&1 | tee $OUT/host_old.log | grep -v "^|"
echo "## host time, plans"
python3 bench/probe/host_profile.py --profile 2>&1 | tee $OUT/host_new.log | head -90
python3 bench/chain.py --models llama3-8b --ms 1,4 --modes gemms,fused --reps 30 2>&1 | grep -v "^|" | tee $OUT/chain.log
echo "## eager decode steps (nn modules), before (a930bed's package) and now"
PYTHONPATH=$PWD/bench/probe/old_s9:/tmp/site python3 bench/eager.py 2>&1 | tee $OUT/eager_old.log
python3 bench/eager.py 2>&1 | tee $OUT/eager_new.log
python3 bench/gemm.py --shapes 4096x4096,28672x4096 --ms 1,16,64,256 --reps 30 2>&1 | tee $OUT/gemm.log | grep "^|" | tail -14
