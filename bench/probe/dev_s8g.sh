# device run (eighth session): dense gate_up GEMM with the fused gated activation (gemm(act=...)): the whole GPU suite,
# then the chain benchmark with the "fused" mode (SiLU * up in gate_up's epilogue, down by PDL after it)
bash bench/gpu_session.sh tests
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 bench/chain.py --ms 1,4,16 --reps 30 --out $OUT/chain.md --json $OUT/chain.json 2>&1 | tee $OUT/chain.log | grep -v "^|"
