# twenty-fourth session (H100, ~3 min). Same-run graph A/Bs, default first, 3 rounds:
# (1) m64k split 2 on K = 3584 layers at 40-64 tokens, where WGMMA_MIN_SLICE = 32 forbids the 28-super-tile slices
#     (tune_small_kg_s24.log: 4096x3584 M = 48 13.8 against 15.5 eager µs) -> ab_k3584_s24.log
# (2) on the smallest TP shards: a 48-token tile (48,1,1,4,1,4,2) and two CTA rows of CONFIG_M32["wide"] (mma.sync)
#     against the default m64k -> ab_small_bm48_s24.log
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
timeout 120 python3 bench/ab_env.py --reps 30 --rounds 3 --shapes 4096x3584,3584x3584,4608x3584 --ms 40,48,64 \
  --env NVFP4_JIT_PDL=1 --env $W=64,1,1,4,2,1,4,2 2>&1 | f | tee $OUT/ab_k3584_s24.log
timeout 150 python3 bench/ab_env.py --reps 30 --rounds 3 --shapes 4096x1024,4096x2048,4096x1792 --ms 40,48,64 \
  --env NVFP4_JIT_PDL=1 --env $W=48,1,1,4,1,1,4,2 --env NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_CONFIG=4,2,2,2,2,1,1 \
  2>&1 | f | sed 's/NVFP4_JIT_WGMMA=0,NVFP4_JIT_MARLIN_CONFIG=//g' | tee $OUT/ab_small_bm48_s24.log
