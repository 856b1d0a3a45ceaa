# prepared in the twenty-second session for the next (H100, ~5 min; the twenty-second's device time ran out before
# it could run). (0) The whole GPU suite with marlin.m64k_split as the default (landed, measured only with forced
# configs: ab_m64k_33_64_s22_h100.log) and with the template patch bench/notes/gscale_prefetch_s22.diff applied
# (gscale read before the main loop in both GEMM kernels instead of in the epilogue, where its DRAM latency delays
# every store; the wgmma kernel's two tensor maps prefetched while the barriers are set up; compiles for all 652
# sm_90a variants, spills as before). (1) Same-run A/B of the templates without (/tmp/tpl_old) and with the patch
# on dense shapes and the fused MoE (tpl_gscale_s23.log). (2) 1280x8192 / 2048x8192 at 49-64 tokens, m64k_split
# first, the old CONFIG_M32["narrow"] rows second (ab_1280_s23.log). (3) The TP shards at 33-128 tokens
# (gemm_tp_s23.md, against bench/notes/gemm_tp_s22_h100.md). The patch is reverted at the end: land it (git apply)
# only if (0) passes and (1) does not lose.
set -u
. bench/probe/dev_setup.sh
rm -rf /tmp/tpl_old && cp -r templates /tmp/tpl_old && git apply bench/notes/gscale_prefetch_s22.diff || exit 1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s23a.log
timeout 100 python3 bench/probe/tpl_ab.py /tmp/tpl_old --shapes 4096x1024,768x4096,4096x2048,1280x8192,4096x4096,28672x4096 \
  --ms 1,16,64,128 2>&1 | grep -v "^NVIDIA" | tee $OUT/tpl_gscale_s23.log
timeout 40 python3 bench/probe/tpl_ab.py /tmp/tpl_old --models qwen3,gptoss --ms 1,4 2>&1 | grep -v "^NVIDIA" \
  | tee -a $OUT/tpl_gscale_s23.log
git apply -R bench/notes/gscale_prefetch_s22.diff
timeout 40 python3 bench/ab_env.py --shapes 1280x8192,2048x8192 --ms 49,56,64 --reps 30 --env NVFP4_JIT_PDL=1 \
  --env NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_CONFIG=4,1,2,4,2,1,1 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err \([0-9.e-]*\))/ e\1/g' | tee $OUT/ab_1280_s23.log
timeout 80 python3 bench/gemm.py --reps 50 --shapes tp --ms 33,48,64,128 --out $OUT/gemm_tp_s23.md \
  --json $OUT/gemm_tp_s23.json 2>&1 | tail -1
