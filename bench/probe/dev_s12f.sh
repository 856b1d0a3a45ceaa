# device run (twelfth session, 6; H100): MoE decode configs without the x prefetch (xpf = 0: 57-64 registers instead
# of 72-80, or P = 4 at 80), which the earlier MoE sweeps did not try, on the cases that miss the target.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
G1="1,2,1,4,1,0;1,2,1,4,2,0;1,2,1,8,1,0"
G2="1,1,2,4,2,0;1,1,2,4,4,0;1,1,2,4,4,0,3;1,1,1,8,4,0;1,1,1,8,2,0;1,1,4,2,2,0;1,2,4,2,1,0;1,1,2,4,2,0,4"
timeout 280 python3 bench/tune_moe.py --models gptoss,qwen3 --ms 1,4 --g1 "$G1" --g2 "$G2" --rounds 2 --reps 30 \
  2>&1 | tee $OUT/tune_moe_xpf0.log
