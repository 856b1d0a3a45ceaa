# device run (tenth session, 3): the MoE launch plans (bench/notes/s10_moe_plans_untested.patch, applied) and the
# wgmma batch size U (template + 8th config element; U = 2 twins of the shipped configs, not shipped). GPU suite
# (U = 2 configs in test_wgmma_configs_and_split_k); MoE host time before (bench/probe/old_s10 = git archive 1cc0c2c
# nvfp4_jit templates, untracked) / now; eager MoE layers now; U = 1 vs 2 A/B; MoE graph times.
set -u
timeout 200 bash bench/gpu_session.sh tests 2>&1 | tail -4
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
echo "## host time, before (1cc0c2c)"
PYTHONPATH=$PWD/bench/probe/old_s10:/tmp/site timeout 35 python3 bench/probe/host_profile.py --n 1000 2>&1 | tee $OUT/host_old.log
echo "## host time, MoE plans"
timeout 35 python3 bench/probe/host_profile.py --n 1000 --profile "moe.fused_moe,moe.fused_moe M=4" 2>&1 | tee $OUT/host_new.log | head -45
echo "## wgmma U = 1 vs 2"
timeout 90 python3 bench/probe/ab_wgmma_u.py --ms 64,128,256 --rounds 2 --reps 20 2>&1 | tee $OUT/ab_u.log
echo "## eager MoE layers"
timeout 60 python3 bench/eager.py --moe qwen3,gptoss --layers 4 --ms 1,4,16 --runs 5 2>&1 | tee $OUT/eager_moe_new.log
timeout 45 python3 bench/moe.py --ms 1,4,16 --reps 30 --no-bf16 --out $OUT/moe.md 2>&1 | grep -v "^|"
