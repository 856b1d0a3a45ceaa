# device run (thirteenth session, 10; H100): the whole GPU suite and the MoE table at the session's final code.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -3
timeout 200 python3 bench/moe.py --out $OUT/moe.md 2>&1 | tee $OUT/moe.log | grep -v "^|"
