# twenty-fourth session (H100, ~6 min): K groups of 3 / 4 on the small TP shards still slower than cuBLAS bf16 at
# 48-128 tokens. (1) bench/tune_wgmma.py on them with the KG 3 / 4 candidates added (eager µs, L2 flushed;
# tune_small_kg_s24.log). (2) Same-run graph A/B of the default against two KG = 3 m64 tiles, split 1
# (ab_small_kg3_s24.log).
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
S=4096x1024,4096x2048,4096x1792,4096x3584,1536x4096,768x4096
timeout 240 python3 bench/tune_wgmma.py --shapes $S --ms 48,64,128 --bms 64,128 --sks 1,2 --reps 30 2>&1 \
  | grep -v "^NVIDIA" | tee $OUT/tune_small_kg_s24.log | grep -v "^    " 
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
timeout 150 python3 bench/ab_env.py --reps 30 --rounds 3 --shapes $S --ms 48,64,128 --env NVFP4_JIT_PDL=1 \
  --env $W=64,1,1,6,1,1,2,3 --env $W=64,1,1,6,1,1,1,3 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee $OUT/ab_small_kg3_s24.log
