# device run (thirteenth session, 1; H100): which copies limit the wgmma kernel at 64..1024 tokens (timing-only probe
# variants: x copies halved / dropped, weight copies dropped), and Nsight Compute of 28672x4096 M = 64 at this code.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,clocks.max.sm,clocks.max.mem --format=csv | tee $OUT/gpu.txt
git apply bench/notes/wgmma_traffic_probe.diff  # (the probe variants; applied in the working tree of that run)
timeout 330 python3 bench/probe/wgmma_traffic.py 2>&1 | tee $OUT/wgmma_traffic.log
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
for c in "28672 4096 64" "6144 4096 256"; do
  tag=wgmma_$(echo $c | tr ' ' _)
  timeout 100 $NCU -f -o $OUT/r_$tag --set full --import-source no -k regex:fp4_marlin_wgmma -s 2 -c 1 \
    python3 bench/probe/ncu_case.py $c > $OUT/ncu_$tag.log 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
  rm -f $OUT/r_$tag.ncu-rep
  echo "== $tag"; grep -E "^    (Duration|DRAM Throughput|L2 Cache Throughput|L1/TEX Cache|Compute \(SM\)|Registers Per|Achieved Occupancy|Warp Cycles Per Issued|Issue Slots Busy|Issued Warp|No Eligible)" $OUT/details_$tag.txt
done
