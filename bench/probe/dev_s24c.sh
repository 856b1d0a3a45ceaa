# twenty-fourth session (H100, ~4 min): token tiles below 64 without split K on the small TP shards at 40-128 tokens
# (dev_s24b.sh: a 48-token tile beat m64k on 4096x2048 / 4096x1792 even at 64 tokens, two row blocks, 128 CTAs).
# Same-run graph A/B, default first, 3 rounds: BM 32 (one / two CTAs per SM), 40, 48 -> ab_small_bm_s24.log
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -c "
from nvfp4_jit import cli, marlin
cli.build_all([marlin.wgmma_spec('sm_90a', 'bf16', 16, c, tmap=True) for c in
               [(32,1,1,4,1,4,2), (32,1,1,4,2,4,2), (40,1,1,4,1,4,2), (48,1,1,4,1,4,2)]], progress=False)"
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
timeout 400 python3 bench/ab_env.py --reps 30 --rounds 3 --ms 40,48,64,128 \
  --shapes 4096x1024,4096x2048,4096x1792,4096x3584,3584x3584,3072x4096,1536x4096,768x4096,4096x512 \
  --env NVFP4_JIT_PDL=1 --env $W=32,1,1,4,1,1,4,2 --env $W=32,1,1,4,1,2,4,2 --env $W=40,1,1,4,1,1,4,2 \
  --env $W=48,1,1,4,1,1,4,2 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee $OUT/ab_small_bm_s24.log
