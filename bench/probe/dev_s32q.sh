# thirty-second session, last: the default dispatch after the _big_or_twins change on the layers whose pick changed
# (error against the fp32 product, CUDA-graph µs) and the fitted-tile GPU tests -> ab_bigpick_s32q.log
set -u
. bench/probe/dev_setup.sh
timeout 100 python3 bench/ab_env.py --bf16 --reps 20 --rounds 2 --ms 160,224,256 --env NVFP4_JIT_UNUSED=1 \
  --shapes 9216x1024,12288x4096,14336x1536,28672x1024 2>&1 | tee $OUT/ab_bigpick_s32q.log
timeout 60 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -k "fitted or big" -p no:cacheprovider 2>&1 | tail -2
