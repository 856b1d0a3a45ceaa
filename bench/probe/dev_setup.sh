# sourced by the device scripts from the fourteenth session on: the carried wheels (.whl/: platformdirs, pytest-xdist,
# execnet) into /tmp/site, the package from the working tree, a kernel cache on the machine, the GPU's name in $OUT
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
