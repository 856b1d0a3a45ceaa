# device run (tenth session, 2): MoE launch plans (moe._plans, marlin.moe_launch). GPU suite; host time per eager
# call before (bench/probe/old_s10 = 1cc0c2c's package, untracked: git archive 1cc0c2c nvfp4_jit templates) and
# now, with a cProfile of fused_moe; eager MoE layers (bench/eager.py --moe) before / now; MoE graph times.
set -u
timeout 240 bash bench/gpu_session.sh tests 2>&1 | tail -4
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
echo "## host time, before (1cc0c2c)"
PYTHONPATH=$PWD/bench/probe/old_s10:/tmp/site timeout 40 python3 bench/probe/host_profile.py 2>&1 | tee $OUT/host_old.log
echo "## host time, MoE plans"
timeout 40 python3 bench/probe/host_profile.py --profile "moe.fused_moe,moe.fused_moe M=4" 2>&1 | tee $OUT/host_new.log | head -60
echo "## eager MoE layers, before and now"
PYTHONPATH=$PWD/bench/probe/old_s10:/tmp/site timeout 70 python3 bench/eager.py --moe qwen3,gptoss --layers 4 --ms 1,4,16 2>&1 | tee $OUT/eager_moe_old.log
timeout 70 python3 bench/eager.py --moe qwen3,gptoss --layers 4 --ms 1,4,16 2>&1 | tee $OUT/eager_moe_new.log
timeout 60 python3 bench/moe.py --ms 1,4,16 --reps 30 --no-bf16 --out $OUT/moe.md 2>&1 | grep -v "^|"
