# seventeenth session: Nsight Compute of the wgmma kernel at 64 tokens with the landed loop + multiply (issue 3's
# M = 64 rows), to compare with the thirteenth session's profile (ncu_wgmma_28672x4096_M64_s13_h100.txt)
set -u
. bench/probe/dev_setup.sh
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1); echo "ncu: $NCU"
for c in "28672 4096 64" "8192 28672 64"; do
  tag=$(echo $c | tr ' ' _)
  python3 bench/probe/ncu_case.py $c  # compile outside the profiler
  timeout 200 $NCU -f -o $OUT/r_$tag --set full --import-source no -k regex:wgmma -s 2 -c 1 \
    python3 bench/probe/ncu_case.py $c > $OUT/ncu_$tag.log 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
  rm -f $OUT/r_$tag.ncu-rep
  grep -E "Duration|DRAM Throughput|L2 Cache Throughput|Issue Slots Busy|Eligible Warps|Stall (Long|Wait|Not Sel|GMMA|Math|Short)" \
    $OUT/details_$tag.txt | head -20
done
