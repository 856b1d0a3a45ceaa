#!/usr/bin/env bash
# One device-machine session: prebuild every kernel for the GPU's arch, run the GPU tests, run the benchmarks; logs
# and tables to $OUT.   Usage: bash bench/gpu_session.sh [all|tests|bench] [extra pytest args...]
# Runs from a source checkout (no install needed): PYTHONPATH=. ; wheels in .whl/ (if carried) are installed first.
set -u
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
export NVFP4_JIT_CACHE_DIR=${NVFP4_JIT_CACHE_DIR:-/tmp/nvfp4-jit-cache}
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
what=${1:-all}; shift $(( $# > 0 ? 1 : 0 ))
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
    && export PYTHONPATH=$PYTHONPATH:/tmp/site
fi
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm --format=csv,noheader
python3 -c "import torch, cupy; from cupy_backends.cuda.libs import nvrtc; print('torch', torch.__version__, 'cupy', cupy.__version__, 'nvrtc', nvrtc.getVersion())"
# every shipped variant for this GPU, compiled in parallel (tests and benchmarks then only load cubins)
arch=$(python3 -c "from nvfp4_jit import jit; print(jit.device_arch(0))")
python3 -m nvfp4_jit.cli warmup --arch "$arch" --jobs "$(nproc)" --quiet
if [ "$what" = all ] || [ "$what" = tests ]; then
  xdist=$(python3 -c "import xdist" 2>/dev/null && echo "-n 8")
  python3 -m pytest -q $xdist -m gpu tests -p no:cacheprovider "$@" 2>&1 | tee "$OUT/gpu_tests.log" | tail -15
fi
if [ "$what" = all ] || [ "$what" = bench ]; then
  python3 bench/gemm.py --reps 50 --out "$OUT/gemm.md" --json "$OUT/gemm.json" 2>&1 | tee "$OUT/gemm.log" | grep -v "^|"
  python3 bench/moe.py --out "$OUT/moe.md" 2>&1 | tee "$OUT/moe.log" | grep -v "^|"
fi
