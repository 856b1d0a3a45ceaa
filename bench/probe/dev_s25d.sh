# twenty-fifth session: the TP shards below cuBLAS bf16 at 96 tokens (gemm_tp_s25b_h100.md: ten of twenty, 0.83-0.99x)
# at 96 / 128 tokens (MS, SHAPES override), the default (m48k / m64k / m128k / m128) against the mma.sync kernel (no M cap), m32k in
# three or four row blocks (split 1 / 2) and m48k with split 2 (ab_tp96_s25.log). Two rounds.
set -u
. bench/probe/dev_setup.sh
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
python3 -c "
from nvfp4_jit import cli, marlin
cli.build_all([marlin.wgmma_spec('sm_90a', 'bf16', 16, c, tmap=True) for c in ((32,1,1,4,1,4,2), (48,1,1,4,1,4,2))], progress=False)"
for sh in ${SHAPES:-8192x1024 4096x1024 768x4096 2560x8192 4096x1792 1536x4096 1280x8192}; do
  date +%T; timeout 35 python3 bench/ab_env.py --reps 30 --rounds 2 --ms ${MS:-96,128} --shapes $sh --env NVFP4_JIT_PDL=1 \
    --env NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_MAX_M=100000 --env $W=32,1,1,4,1,1,4,2 --env $W=32,1,1,4,2,1,4,2 \
    --env $W=48,1,1,4,2,1,4,2 2>&1 | f | tee -a $OUT/ab_tp96_s25.log
done
date +%T
