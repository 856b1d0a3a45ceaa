# prepared in the eighteenth session (H100): the stream-K wgmma variant (bench/notes/wgmma_streamk.diff) again,
# after the fix found on the CPU: a segment ending in a partial stage (fewer than S super-tiles) left the consumers'
# ring slot / phase behind and released the previous stage twice (the loop breaks out before advancing them), which
# explains the wrong outputs and the failed launch of streamk_check_s18_h100.log. One process per shape (60 s each,
# so a failing launch does not stop the rest), then graph µs default / stream-K, then the dense GPU tests with it.
set -u
. bench/probe/dev_setup.sh
patch -s -p1 < bench/notes/wgmma_streamk.diff
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
for s in 28672x4096 4096x4096 6144x4096 8192x28672 4096x14336 2032x4160 1040x4160 272x1088 4000x2880 33792x4096 16896x4096; do
  timeout 60 python3 bench/probe/streamk_check.py $s 2>&1 | grep -E "^ok|^FAIL|Error:" | tee -a $OUT/streamk_check.log | grep -v "^ok"
done
grep -c "^ok" $OUT/streamk_check.log
timeout 200 python3 bench/ab_env.py --shapes 4096x4096,6144x4096,28672x4096,4096x14336,8192x28672 \
  --ms 32,64,128,256,512,1024 --reps 20 --env NVFP4_JIT_WGMMA_STREAMK=0 --env NVFP4_JIT_WGMMA_STREAMK=1 2>&1 \
  | tee $OUT/ab_streamk.log
NVFP4_JIT_WGMMA_STREAMK=1 timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py \
  -p no:cacheprovider 2>&1 | grep -v "Warning\|warner(" | tail -3
# the diff's own tests (CPU partition check; GPU: stream-K against float64 with and without tensor maps, graphs)
timeout 120 python3 -m pytest -q -n 8 tests/test_marlin.py -k streamk -p no:cacheprovider 2>&1 | tail -3
