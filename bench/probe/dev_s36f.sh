# thirty-sixth session: is the 64-token wgmma kernel bound by its busiest SM's weight stream? Layers whose "m64" grids
# put 16 n16 tiles on the busiest SM (24576 / 28672 / 33792 x 4096: 192 / 224 / 264 CTAs, two per SM on 60 / 92 / 132
# SMs) and 8 (16896x4096: 132 CTAs, one per SM); graph µs at 64 tokens, cuBLAS bf16 alongside
source bench/probe/dev_setup.sh
timeout 150 python3 bench/ab_env.py --bf16 --reps 30 --rounds 3 --ms 64 --shapes 16896x4096,24576x4096,28672x4096,33792x4096 --env NVFP4_JIT_PDL=1 2>&1 \
  | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | tee -a $OUT/busiest_sm_s36.log
