# twenty-first session, last H100 call (~2 min): the dense GPU tests after the fourth rule (m32_rows: two CTA rows of
# CONFIG_M32["narrow"] at 33-64 tokens), and its A/B, wgmma's pick first, the new default second
# (ab_m32rows_rule.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 120 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -p no:cacheprovider 2>&1 | tail -2 \
  | tee $OUT/gpu_tests_marlin.log
timeout 100 python3 bench/ab_env.py --shapes 2048x2048,2048x4096,1536x4096,2048x8192,1280x8192 --ms 40,64 --reps 30 \
  --env NVFP4_JIT_WGMMA=1 --env NVFP4_JIT_PDL=1 2>&1 | grep -v "^NVIDIA" | sed 's/ (err [0-9.e-]*)//g' \
  | tee $OUT/ab_m32rows_rule.log
