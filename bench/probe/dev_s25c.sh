# twenty-fifth session, after landing m32k at 17-32 tokens (widened to K <= 4096 on ab_m32k_widen_s25_h100.log) and
# m48k at 65-96: (1) the whole GPU suite at this code (gpu_tests_s25c.log), (2) the new default against mma.sync at
# 17 / 24 / 32 tokens on the layers the widening added (ab_m32k_widened_s25.log), (3) bench/gemm.py on the TP
# shards at 24 / 32 tokens (gemm_tp_s25c.md; 96 tokens: gemm_tp_s25b_h100.md, same kernels).
set -u
. bench/probe/dev_setup.sh
date +%T; python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s25c.log
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g'; }
date +%T; timeout 100 python3 bench/ab_env.py --reps 30 --rounds 3 --ms 17,24,32 --env NVFP4_JIT_PDL=1 \
  --shapes 8192x2560,8192x3584,6144x3584,5120x3072,6144x4096,5120x4096 --env NVFP4_JIT_WGMMA=0 2>&1 | f \
  | tee $OUT/ab_m32k_widened_s25.log
date +%T; timeout 100 python3 bench/gemm.py --shapes tp --reps 50 --ms 24,32 --out $OUT/gemm_tp_s25c.md 2>&1 | tail -1
date +%T
