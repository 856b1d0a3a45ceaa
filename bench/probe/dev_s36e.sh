# thirty-sixth session: more weight bytes in flight per SM at 64 tokens (the probe: the shipped kernel's copies alone
# take 30 of its 38 µs on 28672x4096): 256-row CTAs (WG = 4, or AT = 2) with 3-4 deep rings, one CTA per SM
source bench/probe/dev_setup.sh
C=NVFP4_JIT_WGMMA_CONFIG
timeout 200 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms 48,64 --shapes 28672x4096,24576x4096 --env $C= --env $C=64,1,4,3,1,1,4 --env $C=64,1,4,4,1,1,3 --env $C=64,2,2,3,1,1,4 2>&1 \
  | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$C=//g" | tee -a $OUT/ab_wide_rows_s36.log
timeout 200 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms 64 --shapes 8192x28672,4096x14336 --env $C= --env $C=64,1,4,3,4,1,4 --env $C=64,1,4,4,4,1,3 --env $C=64,1,4,3,2,1,4 2>&1 \
  | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$C=//g" | tee -a $OUT/ab_wide_rows_s36.log
