# device run (eighth session): the dense chain kernel signalling after its main loop, PDL only after the previous dense
# GEMM (marlin._chain_tail), MoE slot ids read once: the whole GPU suite, the chain benchmark, the single-GEMM A/B
# against the old kernel, the MoE A/B against the template before (.tpl_old: templates/ with HEAD~1 marlin_gemm)
bash bench/gpu_session.sh tests
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 bench/chain.py --ms 1,4,16 --reps 30 --out $OUT/chain.md --json $OUT/chain.json 2>&1 | tee $OUT/chain.log | grep -v "^|"
python3 bench/probe/pdl_dense_ab.py --shapes 4096x4096,6144x4096,28672x4096,4096x14336,8192x28672 --ms 1,4,16 --reps 30 2>&1 | tee $OUT/pdl_dense_ab.log
python3 bench/probe/tpl_ab.py .tpl_old --ms 1,4,16 --rounds 2 2>&1 | tee $OUT/moe_tpl_ab.log
