# twenty-first session, fourth H100 call (~3 min). 65-256 tokens on narrow layers with long K (kt >= WGMMA_LONG_KT),
# where choose_wgmma takes "m128" (split K) and ab_m128_small.log measured the K-group tile "m64k" with the
# dispatch's split faster on small ones (1280x8192 M = 128 25.9 -> 19.5 µs, 1024x8192 25.0 -> 16.4): default (first)
# against m64k, on layers up to 4096x8192 / 1024x14336 (ab_m64k_longk.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
for s in 1280x8192 1024x8192 2048x8192 1024x14336 2560x8192 4096x8192 2048x14336 4096x14336; do
  for m in 96 128 192 256; do
    timeout 40 python3 bench/ab_env.py --shapes $s --ms $m --reps 30 --env NVFP4_JIT_PDL=1 \
      $(python3 bench/probe/sk_env.py $s $m 64,1,1,4,1,4,2 128,1,1,4,1,3,2) 2>&1 | grep -v "^NVIDIA" \
      | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_m64k_longk.log
  done
done
