# eighteenth session (H100): the stream-K wgmma kernel (NVFP4_JIT_WGMMA_STREAMK=1: a 1-D grid of sms x MINB CTAs
# that split all tiles' super-tiles evenly, so that no SM idles in a part-filled last wave): correctness against
# float64 and the default, graph µs default / stream-K at 17-1024 tokens, then the dense GPU tests with it
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 bench/probe/streamk_check.py > $OUT/streamk_check.log 2>&1
echo "check rc $?"; grep -E "FAIL|Error|error" $OUT/streamk_check.log | head -10; tail -2 $OUT/streamk_check.log
timeout 200 python3 bench/ab_env.py --shapes 4096x4096,6144x4096,28672x4096,4096x14336,8192x28672 \
  --ms 32,64,128,256,512,1024 --reps 20 --env NVFP4_JIT_WGMMA_STREAMK=0 --env NVFP4_JIT_WGMMA_STREAMK=1 2>&1 \
  | tee $OUT/ab_streamk.log
NVFP4_JIT_WGMMA_STREAMK=1 timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_ops.py \
  -p no:cacheprovider 2>&1 | grep -v "Warning\|warner(" | tail -3
