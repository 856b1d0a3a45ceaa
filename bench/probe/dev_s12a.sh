# device run (twelfth session, 1): where MoE decode time goes on H100 -- kernel timelines of Qwen3 / gpt-oss
# M = 1 / 4 in a graph, and Nsight Compute of their GEMM kernels (DRAM throughput, occupancy, stalls).
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,clocks.max.sm,clocks.max.mem --format=csv | tee $OUT/gpu.txt
timeout 150 python3 bench/probe/moe_timeline.py --models qwen3,gptoss --ms 1,4 2>&1 | tee $OUT/moe_timeline.log
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
for c in "qwen3 4" "gptoss 1" "qwen3 1"; do
  tag=$(echo $c | tr ' ' _)
  timeout 150 $NCU -f -o $OUT/r_$tag --set full --import-source no --profile-from-start off \
    python3 bench/probe/ncu_moe_case.py $c > $OUT/ncu_$tag.log 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
  rm -f $OUT/r_$tag.ncu-rep
  echo "== $tag"; grep -E "^  [a-z_0-9]+.*\(|^    (Duration|DRAM Throughput|Memory Throughput|Registers Per|Achieved Occupancy|Theoretical Occupancy|Block Limit|Grid Size|Block Size|Warp Cycles Per Issued|Issue Slots Busy|Waves Per SM)" $OUT/details_$tag.txt
done
tag=dense_4096_14336_1
timeout 120 $NCU -f -o $OUT/r_$tag --set full --import-source no -k regex:fp4_marlin_gemm -s 2 -c 1 \
  python3 bench/probe/ncu_case.py 4096 14336 1 > $OUT/ncu_$tag.log 2>&1
$NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
rm -f $OUT/r_$tag.ncu-rep
echo "== $tag"; grep -E "^    (Duration|DRAM Throughput|Registers Per|Achieved Occupancy|Theoretical Occupancy|Warp Cycles Per Issued|Issue Slots Busy|Waves Per SM)" $OUT/details_$tag.txt
