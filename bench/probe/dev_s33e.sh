# thirty-third session (issue 4, prefill at 64-256 tokens): where the prefill path's time goes (kernel timeline)
# against the dense GEMMs of one expert's share (default dispatch): Mixtral M=64 / 256 (16 / 64 pairs per expert:
# dense 28672x4096 + 4096x14336 at 16 / 64 tokens), gpt-oss M=256 (32: 5760x2880 + 2880x2880 at 32), Qwen3 M=256
# (16: 1536x2048 + 2048x768 at 16) -> moe_timeline_s33e.log, dense_share_s33e.log (~1.5 min)
set -u
. bench/probe/dev_setup.sh
timeout 150 python3 bench/probe/moe_timeline.py --models mixtral,gptoss,qwen3 --ms 64,256 2>&1 | tee $OUT/moe_timeline_s33e.log
timeout 100 python3 bench/ab_env.py --reps 30 --rounds 2 --ms 16,32,64 --env NVFP4_JIT_UNUSED=1 \
  --shapes 28672x4096,4096x14336,5760x2880,2880x2880,1536x2048,2048x768 2>&1 | tee $OUT/dense_share_s33e.log
