# twenty-first session, last spare device time (~1.5 min): two CTA rows of CONFIG_M32["wide"] at 33-64 tokens on
# short-K layers (ab_m64_shortk_s21_h100.log: 4096x1024 9.4 / 9.6 against wgmma 10.2 / 10.1 µs), default first
# (ab_m32wide_s21.log); its forced-config GPU test.
set -u
. bench/probe/dev_setup.sh
timeout 60 python3 -m pytest -q -n 4 -m gpu tests/test_marlin.py -k "two_rows_of_the_32" -p no:cacheprovider 2>&1 \
  | tail -1 | tee $OUT/gpu_tests_m32wide.log
timeout 90 python3 bench/ab_env.py --shapes 4096x1024,4096x512,2048x1024,3072x1024,4096x768,6144x1024 --ms 40,64 \
  --reps 30 --env NVFP4_JIT_PDL=1 --env NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_CONFIG=4,2,2,2,2,1,1 2>&1 \
  | grep -v "^NVIDIA" | sed 's/NVFP4_JIT_MARLIN_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee $OUT/ab_m32wide_s21.log
