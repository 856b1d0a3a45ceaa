# device run (eighth session): the fused-activation tests after the K fix of the small case, and the chain benchmark
# with the "fused" mode
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m pytest -q -m gpu tests/test_marlin.py -k "act or pdl" -p no:cacheprovider 2>&1 | tail -2
python3 bench/chain.py --ms 1,4,16 --reps 30 --out $OUT/chain.md --json $OUT/chain.json 2>&1 | tee $OUT/chain.log | grep -v "^|"
