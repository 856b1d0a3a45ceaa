# (needs bench/notes/wgss.diff applied, or commit 3a94f9a)
# thirty-sixth session: where the wgss kernel's time goes (bench/notes/wgss.diff applied): NVFP4_JIT_WGSS_PROBE=1
# skips the dequantization and its stores, =2 the wgmmas, =3 both (wrong results, times only); its GPU tests (natural
# k order); Nsight Compute of wgss and of the shipped wgmma kernel on 28672x4096 at 64 tokens (shared-memory and
# pipe throughput: is the kernel family bound by shared-memory traffic at 64 tokens?)
source bench/probe/dev_setup.sh
P=NVFP4_JIT_WGSS_PROBE
W=14,7,6,1,3
timeout 150 python3 bench/ab_env.py --reps 30 --rounds 2 --ms 64 --shapes 28672x4096 --env NVFP4_JIT_WGSS=0 --env NVFP4_JIT_WGSS=$W --env NVFP4_JIT_WGSS=$W,$P=1 --env NVFP4_JIT_WGSS=$W,$P=2 --env NVFP4_JIT_WGSS=$W,$P=3 2>&1 | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | tee -a $OUT/probe_wgss_s36_h100.log
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
for k in wgss wgmma; do
  [ $k = wgss ] && export NVFP4_JIT_WGSS=$W || export NVFP4_JIT_WGSS=0
  python3 bench/probe/ncu_case.py 28672 4096 64
  timeout 150 $NCU -f -o $OUT/r_$k --set full --import-source no -k regex:$k -s 2 -c 1 python3 bench/probe/ncu_case.py 28672 4096 64 > $OUT/ncu_$k.log 2>&1
  $NCU -i $OUT/r_$k.ncu-rep --page details --print-details all > $OUT/details_$k.txt 2>&1
  echo "== $k"; grep -E "Duration|SM Frequency|Pipe Shared Cycles|Pipe Tensor Cycles Active  |Data Bank|Data Pipe Lsu Wavefronts|Issue Slots Busy|L1/TEX Cache Throughput|Shared Memory" $OUT/details_$k.txt | head -20
done
timeout 200 python3 -m pytest -q -x -p no:cacheprovider tests/test_marlin.py -k wgss 2>&1 | grep -E "passed|failed|Error|assert" | tail -5 | tee $OUT/gpu_tests_wgss_s36.log
