# thirty-sixth session: where the shipped wgmma kernel's time goes at 16-128 tokens - NVFP4_JIT_WGMMA_PROBE=1 replaces
# the dequantization by one op per register, =2 drops the wgmmas, =3 both (the copies, barriers and epilogue only;
# wrong results, times only; uncommitted patch, bench/notes/wgmma_probe.diff)
source bench/probe/dev_setup.sh
P=NVFP4_JIT_WGMMA_PROBE
timeout 200 python3 bench/ab_env.py --reps 30 --rounds 2 --ms 16,64,128 --shapes 28672x4096,8192x28672,4096x14336,4096x4096 --env $P=0 --env $P=1 --env $P=2 --env $P=3 2>&1 \
  | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$P=//g; s/ (err [0-9.e+inf-]*)//g" | tee -a $OUT/probe_wgmma_s36.log
