# twenty-second session (H100, ~2 min): "m64k" (K groups) with wgmma_split_k's split at 33-64 tokens on long-K
# narrow layers (the twenty-first session's rule 3 covers 65-256): 2560x8192 M = 48 / 64 took 21.6 / 21.8 µs on
# "m64d" / 4 against 19.3 / 19.6 for m64k / 2 (ab_small_sk_s22_h100.log). The dispatch's choice first
# (ab_m64k_33_64_s22_h100.log).
set -u
. bench/probe/dev_setup.sh
for s in 2560x8192 2048x14336 1536x14336 3072x8192 2560x14336 1280x14336 4096x8192 3584x8192 4096x14336 2048x8192; do
  for m in 40 48 64; do
    timeout 40 python3 bench/ab_env.py --shapes $s --ms $m --reps 30 --env NVFP4_JIT_PDL=1 \
      $(python3 bench/probe/sk_env.py $s $m 64,1,1,4,1,4,2) 2>&1 | grep -v "^NVIDIA" \
      | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err \([0-9.e-]*\))/ e\1/g' | tee -a $OUT/ab_m64k_33_64_s22_h100.log
  done
done
