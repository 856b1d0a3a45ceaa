# device run (seventh session): <= 8 tokens, the cp.async ring with one column of 4 K-warps on K = 4096 layers
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 bench/probe/waves_m8.py --shapes 28672x4096,14336x4096,8192x4096 --ms 1,8 --sks 1 --reps 40 \
  --cands "1,2,1,4,2,1;1,2,1,4,1,1,0,4;1,2,1,4,1,1,0,6;1,2,1,4,2,1,0,3;1,2,1,4,1,1,5,4;1,2,1,4,1,0,0,4;1,2,1,4,2,1,0,4" 2>&1 | tee $OUT/ring_m8_4warp.log
python3 bench/probe/waves_m8.py --shapes 6144x4096,4096x4096 --ms 1,8 --sks 1 --reps 40 \
  --cands "1,1,1,8,2,1,3;1,1,1,4,1,1,0,4;1,1,1,4,2,1,0,3;1,1,1,4,1,1,0,6;1,2,1,4,1,1,0,4" 2>&1 | tee -a $OUT/ring_m8_4warp.log
