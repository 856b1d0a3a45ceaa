# thirty-first session (issue 3): dev_s31c.sh found two row blocks of the m128 twins 18-20% faster than big split 2
# on 24576x4096 at 224-256 tokens (even SM load). Per line of bench/probe/s31d_cases.txt ("shape M A B C"): big with
# the dispatch's split (2), big unsplit, the m128 twins, on 18432-24576 x 4096 at 160-256 -> ab_split2_s31d.log.
set -u
. bench/probe/dev_setup.sh
date +%T
while read sh m a b c; do
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_WGMMA_CONFIG=$a \
    --env NVFP4_JIT_WGMMA_CONFIG=$b --env NVFP4_JIT_WGMMA_CONFIG=$c 2>&1 | grep -v "^NVIDIA" \
    | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_split2_s31d.log
done < bench/probe/s31d_cases.txt
date +%T
