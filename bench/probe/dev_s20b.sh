# twentieth session (H100, ~5 min): the decode wgmma tiles with one consumer warpgroup (64 rows per CTA) at 2-3
# CTAs per SM on wide layers of 4-7x 4096x4096 and a narrow long-K one, at 24 / 32 / 48 / 64 tokens. Why:
# dev_s20.sh (ab_minb_s20_h100.log) had 64,1,1,4,2,2 at 64 tokens on 14336x4096 24.5 µs against 28.8 for the
# default m64 (112 CTAs on 264 slots -> 224), 32,1,1,4,3,2 / 64,1,1,3,3,2 on 10240x8192 at 32 / 64 tokens 29.4 /
# 36.2 against 33.2 / 40.9, and both lose on 28672x4096, 8192x28672 and 57344x8192. Also m32r against m32 at 17-32
# tokens on 24576x4096 / 12288x8192 (6x: the m16 threshold test had m16 losing on 12288x8192). Graph µs; forced
# configs with the dispatch's split K (sk_env.py); first column the default dispatch.
set -u
. bench/probe/dev_setup.sh
for s in 12288x4096 14336x4096 20480x4096 24576x4096 8192x8192 10240x8192 12288x8192 14336x8192 8192x14336 4096x14336; do
  for M in 32 64; do
    case $M in
      32) ms=24,32; c="32,1,2,2,2,4 32,1,2,4,2,2 32,1,1,4,2,2 32,1,1,4,3,2" ;;
      64) ms=48,64; c="64,1,1,4,2,2 64,1,1,3,3,2" ;;
    esac
    [ $s = 4096x14336 ] && [ $M = 32 ] && continue
    timeout 100 python3 bench/ab_env.py --shapes $s --ms $ms --reps 30 --env NVFP4_JIT_PDL=1 \
      $(python3 bench/probe/sk_env.py $s $M $c) 2>&1 | grep -v "^NVIDIA" \
      | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_wg1.log
  done
done
