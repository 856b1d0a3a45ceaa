# device run (planned, thirteenth session; H100 or H200), after git apply bench/notes/moe_prefill_early_free.diff: the
# MoE tests after the prefill path hands its buffers back to
# the allocator early (PDL chains in a CUDA graph at prefill sizes included), and the dense fused-activation tests.
# (Warmup limited to what these tests use is not possible with the CLI; the full warmup takes ~20 s.)
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_marlin.py -k "moe or gated or activation" \
  -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests_moe.log | tail -3
