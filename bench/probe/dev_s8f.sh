# device run (eighth session): MoE GEMM 1 reading x with plain loads against __ldg (.tpl_cur: the templates before)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 bench/probe/tpl_ab.py .tpl_cur --ms 1,2,4,8,16 --rounds 2 2>&1 | tee $OUT/moe_xplain_ab.log
python3 -m pytest -q -m gpu tests/test_moe.py -p no:cacheprovider -n 8 2>&1 | tail -2
