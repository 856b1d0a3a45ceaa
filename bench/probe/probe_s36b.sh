# thirty-sixth session: the wgss kernel's tests (natural k order) and where its time goes: NVFP4_JIT_WGSS_PROBE=1 skips
# the dequantization (and its stores), =2 the wgmmas, =3 both (wrong results, times only; uncommitted patch)
source bench/probe/dev_setup.sh
timeout 200 python3 -m pytest -q -x -p no:cacheprovider tests/test_marlin.py -k wgss 2>&1 | grep -v "Traceback\|TypeError\|Exception\|File" | tail -8 | tee $OUT/gpu_tests_wgss_s36.log
P=NVFP4_JIT_WGSS_PROBE
W=14,7,6,1,3
timeout 150 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms 64 --shapes 28672x4096 --env NVFP4_JIT_WGSS=0 --env NVFP4_JIT_WGSS=$W --env NVFP4_JIT_WGSS=$W,$P=1 --env NVFP4_JIT_WGSS=$W,$P=2 --env NVFP4_JIT_WGSS=$W,$P=3 --env NVFP4_JIT_WGSS=14,3,6,1,3 --env NVFP4_JIT_WGSS=14,7,4,1,4 2>&1 | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | tee -a $OUT/probe_wgss_s36.log
# Nsight Compute of the wgss kernel (28672x4096, 64 tokens): stall samples per SASS opcode, throughput sections
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
export NVFP4_JIT_WGSS=$W
python3 bench/probe/ncu_case.py 28672 4096 64
timeout 240 $NCU -f -o $OUT/r_wgss --set full --import-source no -k regex:wgss -s 2 -c 1 python3 bench/probe/ncu_case.py 28672 4096 64 > $OUT/ncu_wgss.log 2>&1
$NCU -i $OUT/r_wgss.ncu-rep --page details --print-details all > $OUT/details_wgss.txt 2>&1
$NCU -i $OUT/r_wgss.ncu-rep --page source --print-source sass --csv > $OUT/sass_wgss.csv 2>&1
python3 bench/probe/ncu_sass_summary.py $OUT/sass_wgss.csv 2>&1 | head -30
grep -iE "Duration|Issued Ipc|Issue Slots Busy|Shared Memory|L2 Cache Throughput|DRAM Throughput|Eligible|Active Warps|No Eligible|Stall" $OUT/details_wgss.txt | head -40
