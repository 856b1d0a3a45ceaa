# twenty-fourth session (H100, ~5 min): "m32k" (two rows of the 32-token K-group tile, no split K) as the default at
# 33-64 tokens on short-K narrow layers up to N = 4224 (ab_small_bm_s24_h100.log). (1) The whole GPU suite with it
# (gpu_tests_s24.log). (2) Same-run A/B on the layers it takes that dev_s24c.sh did not time: the default (m32k)
# first, then the old m64k with its split (ab_m32k_s24.log). (3) bench/gemm.py on the TP shards at 33 / 48 / 64
# tokens (gemm_tp_s24.md). (4) m32k on long-K narrow layers (ab_m32k_longk_s24.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s24.log
for s in 4096x4096 3584x4096 3072x3072 2560x2560 4096x2560 4096x1536 4096x2048; do
  for m in 33 48 64; do
    timeout 40 python3 bench/ab_env.py --shapes $s --ms $m --reps 30 --rounds 3 --env NVFP4_JIT_PDL=1 \
      $(python3 bench/probe/sk_env.py $s $m 64,1,1,4,1,4,2) 2>&1 | grep -v "^NVIDIA" \
      | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m32k_s24.log
  done
done
# (4) long-K narrow layers (m64k with split K, m64k_split): m32k forced with its own split, second
for s in 1024x8192 1280x8192 2048x8192 2560x8192 1536x14336 2048x14336; do
  timeout 40 python3 bench/ab_env.py --shapes $s --ms 48,64 --reps 30 --rounds 3 --env NVFP4_JIT_PDL=1 \
    $(python3 bench/probe/sk_env.py $s 64 32,1,1,4,1,4,2) 2>&1 | grep -v "^NVIDIA" \
    | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m32k_longk_s24.log
done
timeout 150 python3 bench/gemm.py --shapes tp --reps 50 --ms 33,48,64 --out $OUT/gemm_tp_s24.md 2>&1 | tail -1
