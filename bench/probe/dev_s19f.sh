# nineteenth session (H100), last call: ncu of the new 16-token wgmma tile ("m16") on 28672x4096 / 8192x28672 at
# 16 tokens (1.43x / 1.32x of the byte floor) and of the mma.sync kernel at 1 token on 28672x4096 (1.26x): where
# the time goes at the sizes issue 3's decode target is about. Key lines printed; full details in $OUT.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
for c in "28672 4096 16 fp4_marlin_wgmma" "8192 28672 16 fp4_marlin_wgmma" "28672 4096 1 fp4_marlin_gemm"; do
  set -- $c
  tag=${1}x${2}_M$3
  timeout 150 $NCU -f -o $OUT/r_$tag --set full --import-source no -k regex:$4 -s 2 -c 1 \
    python3 bench/probe/ncu_case.py $1 $2 $3 > $OUT/ncu_$tag.log 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
  rm -f $OUT/r_$tag.ncu-rep
  echo "== $tag"; grep -E "^    (Duration|DRAM Throughput|Memory Throughput|L2 Hit Rate|Registers Per|Achieved Occupancy|Warp Cycles Per Issued|Issue Slots Busy|Compute \(SM\) Throughput|L2 Cache Throughput)" $OUT/details_$tag.txt
  grep -iE "stall|Est. Speedup" $OUT/details_$tag.txt | head -12
done
