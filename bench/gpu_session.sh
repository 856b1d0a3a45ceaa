#!/usr/bin/env bash
# One device-machine session: GPU tests + benchmarks, logs to $OUT. Usage: bash bench/gpu_session.sh [tests...] [-- bench args]
# Runs from a source checkout (no install needed): PYTHONPATH=. ; wheels in .whl/ (if carried) are installed first.
set -u
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
export NVFP4_JIT_CACHE_DIR=${NVFP4_JIT_CACHE_DIR:-/tmp/nvfp4-jit-cache}
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl && export PYTHONPATH=$PYTHONPATH:/tmp/site
fi
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm --format=csv,noheader
python3 -c "import torch, cupy; from cupy_backends.cuda.libs import nvrtc; print('torch', torch.__version__, 'cupy', cupy.__version__, 'nvrtc', nvrtc.getVersion())"
