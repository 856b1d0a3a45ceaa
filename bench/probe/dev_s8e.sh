# device run (eighth session, final code): GPU suite, the chain benchmark, the dense table up to 64 tokens and the MoE
# decode table
bash bench/gpu_session.sh tests
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 bench/chain.py --ms 1,4,16 --reps 30 --out $OUT/chain.md --json $OUT/chain.json 2>&1 | tee $OUT/chain.log | grep -v "^|"
python3 bench/gemm.py --shapes 4096x4096,6144x4096,14336x4096,28672x4096,4096x14336,8192x28672 --ms 1,4,8,9,16,32,64 --reps 50 --out $OUT/gemm.md --json $OUT/gemm.json 2>&1 | tee $OUT/gemm.log | grep -v "^|"
python3 bench/moe.py --ms 1,4,16 --reps 30 --out $OUT/moe.md 2>&1 | tee $OUT/moe.log | grep -v "^|"
