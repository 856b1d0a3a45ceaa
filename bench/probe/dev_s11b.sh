# device run (eleventh session, 2): the eager one-token Qwen3 MoE layer's wall time by GEMM 2 variant and PDL, and a
# kernel trace of it (bench/probe/eager_moe_trace.py); gpt-oss M=4 for comparison.
set -u
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
fi
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,power.draw --format=csv,noheader
timeout 150 python3 bench/probe/eager_moe_trace.py --model qwen3 --m 1 2>&1 | tee $OUT/eager_moe_trace_qwen3.log
timeout 100 python3 bench/probe/eager_moe_trace.py --model gptoss --m 4 2>&1 | head -4 | tee $OUT/eager_moe_trace_gptoss.log
timeout 60 python3 bench/eager.py --moe qwen3 --layers 4 --ms 1 --runs 5 2>&1 | tee $OUT/eager_moe_qwen3.log
