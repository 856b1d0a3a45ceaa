# thirty-second session, final code: the whole GPU suite, and the default dispatch (m128w by _m128w_wins) against
# dequantize + cuBLAS on the narrow layers whose route changed -> gpu_tests_s32m.log, ab_route_s32m.log
set -u
. bench/probe/dev_setup.sh
date +%T
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 240 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s32m.log
date +%T
timeout 120 python3 bench/ab_env.py --bf16 --reps 20 --rounds 2 --ms 320,512,640,768 \
  --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_UNUSED=1 --shapes 7168x4096,5120x4096,6144x4096,4096x3072 2>&1 \
  | tee $OUT/ab_route_s32m.log
date +%T
