# twenty-sixth session, after _fit_bm (65-127 tokens: m128k / m128 with BM = M rounded up to 16) and _kgroup_fill
# (65-128 tokens, narrow K <= 8192: the fullest one-wave K-group grid): (1) the whole GPU suite (gpu_tests_s26b.log),
# (2) the new default against the old config on layers the probes did not measure (ab_s26b.log; the old config
# forced through NVFP4_JIT_WGMMA_CONFIG), (3) bench/gemm.py on the TP shards at 80 / 96 / 128 tokens (gemm_tp_s26b.md).
set -u
. bench/probe/dev_setup.sh
date +%T; python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 240 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s26b.log
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
ab() { local sh=$1 ms=$2; shift 2; local e=(); for c in "$@"; do e+=(--env "$W=$c"); done
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $ms --shapes $sh --env NVFP4_JIT_PDL=1 "${e[@]}" 2>&1 \
    | f | tee -a $OUT/ab_s26b.log; }
date +%T
ab 4096x14336 80,96,112 128,1,1,3,4,2,2
ab 8192x28672 80,112 128,1,1,3,2,2,2
ab 7168x8192 96 128,1,1,3,2,2,2
ab 6144x4096 72,112 128,1,1,4,1,1,3,2
ab 1024x1024 96 48,1,1,4,1,1,4,2
ab 1024x1024 128 64,1,1,4,1,1,4,2
ab 512x4096 96 48,1,1,4,2,1,4,2
ab 3072x8192 80,112 128,1,1,3,4,2,2
date +%T; timeout 150 python3 bench/gemm.py --shapes tp --reps 50 --ms 80,96,128 --out $OUT/gemm_tp_s26b.md 2>&1 | tail -1
date +%T
