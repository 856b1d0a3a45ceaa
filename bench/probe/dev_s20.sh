# prepared in the nineteenth session for the next device session (H100, ~7 min): (1) dev_s19i.sh, the m16 threshold
# on three more layers; (2) the decode wgmma tiles with 64 rows per CTA (WG = 1) and 3-4 CTAs per SM, now that
# NVFP4_JIT_WGMMA_CONFIG takes MINB up to 4 (ptxas, bench/probe/ptxas_info.py: no spills for these; WG = 2 with
# MINB 3 spills 16-48 bytes and is left out). Why: ncu of m16 (ncu_wgmma_m16_*_s19_h100.txt) shows DRAM at 61-70%,
# the consumers waiting on stage barriers and 224 CTAs on 264 slots (SMs with one CTA); more, smaller CTAs per SM
# even out the grid (28672x4096: 448 CTAs on 528 slots) and keep more stages in flight per SM. Graph µs against the
# default dispatch (m16 / m32r / m64, or mma.sync below the m16 threshold), split K by the dispatch's rule.
# (3) dev_s20_tg.sh: tile-group-major weights for the wgmma stages (bench/notes/wgmma_tg.diff).
set -u
bash bench/probe/dev_s19i.sh 2>&1 | grep -v "^NVIDIA"
. bench/probe/dev_setup.sh
for s in 28672x4096 8192x28672 57344x8192 14336x4096 10240x8192; do
  for M in 16 32 64; do
    case $M in
      16) c="16,1,1,4,4,2 16,1,1,4,3,2 16,1,1,8,3,2" ;;
      32) c="32,1,1,4,4,2 32,1,1,4,3,2" ;;
      64) c="64,1,1,3,3,2 64,1,1,4,2,2" ;;
    esac
    timeout 90 python3 bench/ab_env.py --shapes $s --ms $M --reps 30 --env NVFP4_JIT_PDL=1 \
      $(python3 bench/probe/sk_env.py $s $M $c) 2>&1 | grep -v "^NVIDIA" \
      | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_minb.log
  done
done
bash bench/probe/dev_s20_tg.sh 2>&1 | grep -v "^NVIDIA" | tail -30
