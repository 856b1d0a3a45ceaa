# twenty-sixth session: narrow layers at 65-128 tokens (ab_tp96_s26_h100.log: m32k / m48k tiles in 3-4 row blocks with
# split K won on 2560x8192 / 1280x8192 / 768x4096 where their grid holds more CTAs of one wave than the default's).
# Per shape: the default against the K-group tiles (32 / 48 / 64 tokens) whose grid, split K included, is fullest
# within one wave, and on the small-K wide shards the one-row-block tiles (m128w, m128, a 96-token tile); with the
# cuBLAS bf16 time of the same rows (ab_fill_s26.log). Two rounds.
set -u
. bench/probe/dev_setup.sh
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
python3 -c "
from nvfp4_jit import cli, marlin
cfgs = [(32,1,1,4,1,4,2), (48,1,1,4,1,4,2), (64,1,1,4,1,4,2), (128,1,1,4,1,3,2), (128,1,2,4,1,2), (128,1,1,3,2,2),
        (96,1,1,4,1,3,2)]
cli.build_all([marlin.wgmma_spec('sm_90a', 'bf16', 16, c, tmap=True) for c in cfgs], progress=False)"
ab() { local sh=$1 ms=$2; shift 2; local e=(); for c in "$@"; do e+=(--env "$W=$c"); done
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $ms --shapes $sh --env NVFP4_JIT_PDL=1 "${e[@]}" 2>&1 \
    | f | tee -a $OUT/ab_fill_s26.log; }
k32="32,1,1,4"; k48="48,1,1,4"; k64="64,1,1,4"; t=",1,4,2"
date +%T
ab 768x4096 80,96,112,128 $k32,2$t $k32,1$t $k48,2$t
ab 2560x8192 80,96,112,128 $k32,1$t $k48,1$t $k64,1$t
ab 1280x8192 80,96,112,128 $k32,2$t $k48,2$t
ab 3072x8192 96,128 $k48,1$t $k64,1$t $k48,2$t
ab 4096x8192 96,128 $k48,1$t $k64,1$t
ab 4096x14336 96,128 $k48,1$t $k64,1$t
ab 1024x8192 96,128 $k48,4$t $k32,2$t
ab 2048x8192 96,128 $k48,2$t $k32,1$t
ab 2048x14336 96,128 $k48,2$t $k32,1$t
date +%T
for sh in 8192x1024 4096x1024 8192x2048; do
  ab $sh 96 128,1,2,4,1,1,2 128,1,1,3,1,2,2 96,1,1,4,1,1,3,2
  ab $sh 128 128,1,2,4,1,1,2 128,1,1,3,1,2,2
done
date +%T
