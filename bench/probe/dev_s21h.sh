# twenty-first session, spare device time (~2 min): where the smallest TP shards' time goes at 48-128 tokens (per-kernel
# device time of gemm()'s launches against graph time and cuBLAS; kernel_split_s21.log), for the next session.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 bench/probe/kernel_split.py 4096x1024,768x4096,1536x4096,4096x2048,8192x1024,1024x8192 \
  --ms 32,64,128 2>&1 | grep -v "^NVIDIA\|Warning\|warn" | tee $OUT/kernel_split_s21.log
