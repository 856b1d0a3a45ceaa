# device run (tenth session, 4; little device time left): dev_s10c.sh cut down: the GPU tests of what the
# untested patch changes (MoE, nn, ops, wgmma configs incl. U = 2), MoE host time before / now, U = 1 vs 2 A/B.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
timeout 120 python3 -m pytest -q -n 12 -m gpu tests/test_moe.py tests/test_nn.py tests/test_ops.py tests/test_marlin.py \
    -k "moe or MoE or wgmma_configs or eager or graph" -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -6
echo "## host time, before (1cc0c2c) / MoE plans"
PYTHONPATH=$PWD/bench/probe/old_s10:/tmp/site timeout 25 python3 bench/probe/host_profile.py --n 300 2>&1 | tee $OUT/host_old.log
timeout 25 python3 bench/probe/host_profile.py --n 300 2>&1 | tee $OUT/host_new.log
echo "## wgmma U = 1 vs 2"
timeout 60 python3 bench/probe/ab_wgmma_u.py --shapes 4096x4096,6144x4096,4096x14336,8192x28672 --ms 64,128,256 --rounds 2 --reps 15 2>&1 | tee $OUT/ab_u.log
