# twenty-fourth session, last device time (H100, ~2.5 min): (1) m32k (one row block, 128 CTAs) at 20-32 tokens on
# 8192-wide short-K layers, where mma.sync trails cuBLAS (8192x1024 M = 32 13.0 against 11.2 µs) -> ab_m32k_17_32_s24.log;
# (2) two row blocks of a 48-token K-group tile at 80 / 96 tokens on short-K shards (m64k pads the second block)
# -> ab_bm48_80_96_s24.log. Default first, three rounds; errors against the reference in each row.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -c "
from nvfp4_jit import cli, marlin
cli.build_all([marlin.wgmma_spec('sm_90a', 'bf16', 16, (48,1,1,4,1,4,2), tmap=True)], progress=False)"
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
timeout 100 python3 bench/ab_env.py --reps 30 --rounds 3 --shapes 8192x1024,8192x2048,6144x1024,8192x1536 \
  --ms 20,24,32 --env NVFP4_JIT_PDL=1 --env $W=32,1,1,4,1,1,4,2 2>&1 | f | tee $OUT/ab_m32k_17_32_s24.log
timeout 100 python3 bench/ab_env.py --reps 30 --rounds 3 --shapes 4096x1024,4096x2048,4096x1792,4096x3584 \
  --ms 80,96 --env NVFP4_JIT_PDL=1 --env $W=48,1,1,4,1,1,4,2 2>&1 | f | tee $OUT/ab_bm48_80_96_s24.log
