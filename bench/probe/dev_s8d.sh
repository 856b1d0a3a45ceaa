# device run (eighth session): dense chain kernel with x via volatile ld.global.nc (ld_x_dep) against plain loads
# (.tpl_cur: the templates before), single GEMMs; then the PDL GPU tests on the new template
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 bench/probe/tpl_ab.py .tpl_cur --shapes 4096x4096,6144x4096,28672x4096,4096x14336,8192x28672 --ms 1,4,16 --rounds 2 2>&1 | tee $OUT/ldx_ab.log
python3 -m pytest -q -m gpu tests/test_marlin.py -k "pdl" -p no:cacheprovider 2>&1 | tail -2
