# prepared in the thirty-first session for the next one (issue 3): what bounds the wgmma kernel on wide short-K
# layers at 129-256 tokens (9216x1024 at 256 tokens: 27.9 µs for 4.8 GFLOP, ~4x its tensor-core time; bf16 13.4).
# Suspects: the epilogue (2-byte stores; a fit of big's µs over M and K leaves ~0.053 µs per token per CTA that
# does not grow with K, while the K-dependent part runs at about the tensor-core peak), and for the 64-row twins
# their x slabs (each CTA copies 128 tokens x K, 8x its weight bytes: ~75 MB of L2 reads in all).
# Nsight Compute (speed of light, memory, warp states, scheduler, occupancy) of the forced tiles below, and of the
# cuBLAS bf16 GEMM of the same size -> ncu_s32a_*.txt, the summary lines on stdout; then the stall samples per
# SASS instruction of big at 9216x1024 M = 256 (ncu_sass_s32a_big_summary.txt). ~4 min.
set -u
. bench/probe/dev_setup.sh
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1); echo "ncu: $NCU"
SECT="--section SpeedOfLight --section MemoryWorkloadAnalysis --section WarpStateStats --section SchedulerStats --section Occupancy --section LaunchStats"
KEYS="Duration|Memory Throughput|DRAM Throughput|L2 Cache Throughput|L1/TEX Cache Throughput|Compute \(SM\) Throughput|Issued Ipc|No Eligible|Achieved Occupancy|Warp Cycles Per Issued|Stall|Registers Per|Grid Size|Block Size|Waves Per SM|Shared Memory Configuration Size"
run() {  # tag N K M config ("" = cuBLAS bf16)
  local tag=$1 N=$2 K=$3 M=$4 cfg=$5 filt
  if [ -n "$cfg" ]; then filt="-k regex:wgmma"; export NVFP4_JIT_WGMMA_CONFIG=$cfg; else filt="-k regex:gemm|xmma|cutlass|sm90|nvjet"; unset NVFP4_JIT_WGMMA_CONFIG; fi
  python3 bench/probe/ncu_s32a_case.py $N $K $M ${cfg:+nvfp4}  # compile outside the profiler
  timeout 120 $NCU -f $SECT $filt -s 2 -c 1 python3 bench/probe/ncu_s32a_case.py $N $K $M ${cfg:+nvfp4} \
    > $OUT/ncu_s32a_$tag.txt 2>&1
  echo "== $tag ${N}x$K M=$M ${cfg:-cuBLAS}"; grep -E "$KEYS" $OUT/ncu_s32a_$tag.txt | head -30
}
run twins 9216 1024 256 128,1,1,3,1,2,2
run m128k 9216 1024 256 128,1,1,4,1,1,3,2
run big 9216 1024 256 256,1,2,3,1,1,2
run bf16 9216 1024 256 ""
run big4096 12288 4096 160 160,1,2,3,1,1,2
run bf16_4096 12288 4096 160 ""
# where the warps of big at 9216x1024 M = 256 stall, per SASS instruction; the share from the first STG on is the
# epilogue (the fit of the thirtieth / thirty-first sessions' µs, T = a + b M + d M K, gives b ~ 0.053 µs per token
# per CTA independent of K, ~14 of the 31 µs at 256 tokens, if the epilogue is where that goes)
export NVFP4_JIT_WGMMA_CONFIG=256,1,2,3,1,1,2
timeout 180 $NCU -f -o $OUT/r_s32a_big --set full --import-source no -k regex:wgmma -s 2 -c 1 \
  python3 bench/probe/ncu_s32a_case.py 9216 1024 256 nvfp4 > /dev/null 2>&1
$NCU -i $OUT/r_s32a_big.ncu-rep --page source --print-source sass --csv > $OUT/ncu_sass_s32a_big.csv 2>&1
python3 bench/probe/ncu_sass_summary.py $OUT/ncu_sass_s32a_big.csv | tee $OUT/ncu_sass_s32a_big_summary.txt
