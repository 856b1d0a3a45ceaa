# seventeenth session (both ran), wgmma tiles at 64 tokens against the default dispatch, graph µs:
#   bash bench/probe/dev_s17d.sh rows256: 256 weight rows per CTA (one CTA per SM: AT = 2 x WG = 2, or WG = 4), so
#     that each stage carries as many weight bytes as x bytes (the 2-CTA m64 tile's stages are 2/3 x tile, re-read
#     from L2 by every CTA; ncu: consumers wait on full barriers with DRAM at 40-47%)
#   bash bench/probe/dev_s17d.sh stages: then (S = 2 rings had lost 30-50% against S = 4) longer stages, S = 5..8
set -u
MODE=${1:-rows256}
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
if [ "$MODE" = rows256 ]; then
  SHAPES="28672x4096:1 8192x28672:4 4096x14336:8"; LOG=ab_rows256_s17.log
  CFGS="64,2,2,3,SK,1,4 64,2,2,4,SK,1,2 64,2,2,6,SK,1,2 64,1,4,3,SK,1,4 64,1,4,4,SK,1,2 64,2,2,4,SK,1,2,2"
else
  SHAPES="28672x4096:1 8192x28672:4 4096x14336:4"; LOG=ab_long_stages_s17.log
  CFGS="64,1,2,2,SK,1,8 64,2,2,2,SK,1,6 64,1,4,2,SK,1,6 64,1,2,2,SK,1,6 64,1,2,3,SK,1,5"
fi
for sh in $SHAPES; do  # shape:split K
  E="--env NVFP4_JIT_WGMMA=1"
  for c in $CFGS; do E="$E --env NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=${c/SK/${sh#*:}}"; done
  timeout 150 python3 bench/ab_env.py --shapes ${sh%:*} --ms 64 --reps 20 $E 2>&1 | tee -a $OUT/$LOG
done
