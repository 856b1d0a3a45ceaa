# seventeenth session, after dev_s17d.sh (S = 2 rings lost 30-50% against S = 4): longer stages (S = 5..8
# super-tiles) at 64 tokens with one CTA per SM, against the default dispatch, graph µs
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
for sh in "28672x4096 1" "8192x28672 4" "4096x14336 4"; do
  set -- $sh
  E="--env NVFP4_JIT_WGMMA=1"
  for c in "64,1,2,2,SK,1,8" "64,2,2,2,SK,1,6" "64,1,4,2,SK,1,6" "64,1,2,2,SK,1,6" "64,1,2,3,SK,1,5"; do
    E="$E --env NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=${c/SK/$2}"
  done
  timeout 150 python3 bench/ab_env.py --shapes $1 --ms 64 --reps 20 $E 2>&1 | tee -a $OUT/ab_long_stages_s17.log
done
