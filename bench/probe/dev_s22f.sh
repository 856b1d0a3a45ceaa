# twenty-second session (~5 min): (0) the whole GPU suite after m64k_split and the template change (gscale read
# before the main loop in both GEMM kernels; the wgmma kernel's two tensor maps prefetched while the barriers are
# set up); (1) same-run A/B of the templates before (tpl_old/, a copy of the previous commit's templates/) and
# after on dense shapes and the fused MoE (tpl_gscale_s22.log); (2) 1280x8192 at 49-64 tokens, m64k_split first,
# the old rows second (ab_1280_s22.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s22f.log
timeout 100 python3 bench/probe/tpl_ab.py tpl_old --shapes 4096x1024,768x4096,4096x2048,1280x8192,4096x4096,28672x4096 \
  --ms 1,16,64,128 2>&1 | grep -v "^NVIDIA" | tee $OUT/tpl_gscale_s22.log
timeout 40 python3 bench/probe/tpl_ab.py tpl_old --models qwen3,gptoss --ms 1,4 2>&1 | grep -v "^NVIDIA" \
  | tee -a $OUT/tpl_gscale_s22.log
timeout 40 python3 bench/ab_env.py --shapes 1280x8192,2048x8192 --ms 49,56,64 --reps 30 --env NVFP4_JIT_PDL=1 \
  --env NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_CONFIG=4,1,2,4,2,1,1 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err \([0-9.e-]*\))/ e\1/g' | tee $OUT/ab_1280_s22.log
