# device run: ncu of the wgmma kernel at mid M (stall reasons per SASS instruction)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1); echo "ncu: $NCU"
for c in "4096 4096 128" "6144 4096 256"; do
  tag=$(echo $c | tr ' ' _)
  python3 bench/probe/ncu_case.py $c  # compile outside the profiler
  $NCU -f -o $OUT/r_$tag --set full --import-source no -k regex:wgmma -s 2 -c 1 python3 bench/probe/ncu_case.py $c > $OUT/ncu_$tag.log 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page source --print-source sass --csv > $OUT/sass_$tag.csv 2>&1
  grep -i "stall" $OUT/details_$tag.txt | head -40
done
ls -la $OUT
