# device run (seventh session, first): GPU suite at HEAD (the sixth session's review mends were not GPU-run),
# spills under the device's NVRTC, few-token grid shapes (waves), decode baseline
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
CUOBJDUMP=/usr/local/cuda/bin/cuobjdump python3 bench/probe/spills.py sm_90a 2>&1 | tail -15 | tee $OUT/spills_sm90a.log
python3 bench/probe/waves_m8.py 2>&1 | tee $OUT/waves_m8.log
