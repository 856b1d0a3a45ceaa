# twenty-first session, sixth H100 call (~2.5 min): 33-64 tokens in two CTA rows of CONFIG_M32["narrow"] on narrow
# layers whose two-row grid fits in one wave of one CTA per SM (n16 <= 132), where the default is wgmma m64d / m64k
# (1280x8192 M = 64 20.0 µs against cuBLAS 16.6; ab_m64_shortk.log had 1536x4096 12.6 / 12.8 against wgmma 14.1):
# default first (ab_m64_m32rows.log); its GPU test (forced config).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 60 python3 -m pytest -q -n 4 -m gpu tests/test_marlin.py -k "two_rows_of_the_32" -p no:cacheprovider 2>&1 \
  | tail -2 | tee $OUT/gpu_tests_m32rows.log
for s in 1280x8192 1536x4096 2048x8192 2048x4096 2048x2048 1536x8192 1792x4096 2048x14336; do
  timeout 40 python3 bench/ab_env.py --shapes $s --ms 33,48,64 --reps 30 --env NVFP4_JIT_PDL=1 \
    --env NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_CONFIG=4,1,2,4,2,1,1 2>&1 | grep -v "^NVIDIA" \
    | sed 's/NVFP4_JIT_MARLIN_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_m64_m32rows.log
done
