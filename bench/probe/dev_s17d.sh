# seventeenth session: 256 weight rows per CTA at 64 tokens (one CTA per SM: AT = 2 x WG = 2, or WG = 4), so that each
# stage carries as many weight bytes as x bytes (the 2-CTA m64 tile's stages are 2/3 x tile, re-read from L2 by every
# CTA; ncu: consumers wait on full barriers with DRAM at 40-47%). Against the default dispatch, graph µs.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
for sh in "28672x4096 1" "8192x28672 4" "4096x14336 8"; do
  set -- $sh
  E="--env NVFP4_JIT_WGMMA=1"
  for c in "64,2,2,3,SK,1,4" "64,2,2,4,SK,1,2" "64,2,2,6,SK,1,2" "64,1,4,3,SK,1,4" "64,1,4,4,SK,1,2" "64,2,2,4,SK,1,2,2"; do
    E="$E --env NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=${c/SK/$2}"
  done
  timeout 150 python3 bench/ab_env.py --shapes $1 --ms 64 --reps 20 $E 2>&1 | tee -a $OUT/ab_rows256_s17.log
done
