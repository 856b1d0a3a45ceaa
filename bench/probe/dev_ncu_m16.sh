# device run: the GPU suite at HEAD, then ncu of the mma.sync kernel at 1 and 16 tokens (why M=16 is ~1.5x M=1)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
for c in "8192 28672 16" "8192 28672 1" "28672 4096 16"; do
  tag=$(echo $c | tr ' ' _)
  $NCU -f -o $OUT/r_$tag --set full --import-source no -k regex:fp4_marlin_gemm -s 2 -c 1 python3 bench/probe/ncu_case.py $c > $OUT/ncu_$tag.log 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page source --print-source sass --csv > $OUT/sass_$tag.csv 2>&1
  rm -f $OUT/r_$tag.ncu-rep
  echo "== $tag"; grep -E "^    (Duration|DRAM Throughput|Memory Throughput|L2 Hit|Registers Per|Achieved Occupancy|Theoretical Occupancy|Warp Cycles Per Issued|Issue Slots Busy|L1/TEX Hit)" $OUT/details_$tag.txt
done
