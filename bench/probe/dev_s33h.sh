# thirty-third session: the whole GPU suite with the deeper 32 / 48-slot rings (WGMMA_RINGS), then the block
# thresholds again with them (blocks of 32 / 48 / 64 at 32-128 pairs per expert; WGMMA_BLOCKS switches at 24 / 48)
# -> ab_moe_bm_s33h.log, and the MoE table (moe.md) (~5 min)
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3
. bench/probe/dev_setup.sh
B="--env NVFP4_JIT_MOE_WGMMA=32 --env NVFP4_JIT_MOE_WGMMA=48 --env NVFP4_JIT_MOE_WGMMA=64"
for c in mixtral:128,192,256,384,512 gptoss:256,384,512,768,1024 qwen3:512,768,1024,1536,2048 scout:512,768,1024,1536,2048; do
  timeout 100 python3 bench/ab_env.py --models ${c%%:*} --ms ${c#*:} --reps 10 --rounds 2 $B 2>&1 | grep -v "^NVIDIA" \
    | tee -a $OUT/ab_moe_bm_s33h.log
done
timeout 120 python3 bench/moe.py --out $OUT/moe.md 2>&1 | grep "^|"
