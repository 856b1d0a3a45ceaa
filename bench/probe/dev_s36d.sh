# (needs commit 8d8ffd7 with bench/notes/wgmma_probe.diff applied)
# thirty-sixth session: where the shipped wgmma kernel's time goes at 16-128 tokens - NVFP4_JIT_WGMMA_PROBE=1 replaces
# the dequantization by one op per register, =2 drops the wgmmas, =3 both (the copies, barriers and epilogue only;
# wrong results, times only; uncommitted patch, bench/notes/wgmma_probe.diff)
source bench/probe/dev_setup.sh
P=NVFP4_JIT_WGMMA_PROBE
timeout 200 python3 bench/ab_env.py --reps 30 --rounds 2 --ms 16,64,128 --shapes 28672x4096,8192x28672,4096x14336 --env $P=0 --env $P=3 --env $P=4 --env $P=7 2>&1 \
  | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$P=//g; s/ (err [0-9.e+inf-]*)//g" | tee -a $OUT/probe_wgmma_s36.log
