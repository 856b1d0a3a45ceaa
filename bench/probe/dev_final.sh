# device run: the final GEMM table of this session
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 bench/gemm.py --reps 50 --out $OUT/gemm.md --json $OUT/gemm.json 2>&1 | grep -v "^|"
