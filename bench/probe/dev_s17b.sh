# seventeenth session: MoE prefill BM 64 against 256 on two more large-expert models (for the block-size rule)
set -u
. bench/probe/dev_setup.sh
E="--env NVFP4_JIT_MOE_WGMMA=64 --env NVFP4_JIT_MOE_WGMMA=256"
for mm in "mixtral22 512,1024,2048,4096" "scout 2048,4096,8192" "gptoss 8192" "mixtral 1024"; do
  set -- $mm
  timeout 150 python3 bench/ab_env.py --models $1 --ms $2 --reps 10 $E 2>&1 | tee -a $OUT/moe_bm_s17b.log
done
