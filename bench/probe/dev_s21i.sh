# twenty-first session, spare device time (~1.5 min): the wgmma path's graph time without xperm on small shards
# (xperm_cost_s21.log): how much a GEMM loading x itself could gain. (It ran bench/probe/xperm_cost.py, since merged
# into kernel_split.py, whose "gemm only" / "xperm only" columns are the same measurement.)
set -u
. bench/probe/dev_setup.sh
timeout 150 python3 bench/probe/kernel_split.py 4096x1024,768x4096,4096x2048,8192x1024,1024x8192,4096x4096 \
  --ms 64,128 2>&1 | grep -v "^NVIDIA" | tee $OUT/xperm_cost_s21.log
