# twentieth session (H100), seventh call: the one-warpgroup tiles on tensor-parallel shards (Llama-70B TP8: 1280x8192,
# 8192x1024, 3584x8192, 8192x3584; Llama-8B TP2: 3072x4096, 4096x2048, 7168x4096, 4096x7168) at 24 / 32 and 48 / 64
# tokens against the default (mma.sync / m64k / m64d / the new rule), split K by the dispatch (ab_wg1_tp.log).
set -u
. bench/probe/dev_setup.sh
for s in 1280x8192 8192x1024 3584x8192 8192x3584 3072x4096 4096x2048 7168x4096 4096x7168; do
  for M in 32 64; do
    case $M in 32) ms=24,32; c="32,1,1,4,2,2 32,1,1,4,3,2" ;; 64) ms=48,64; c="64,1,1,4,2,2 64,1,1,3,3,2" ;; esac
    timeout 60 python3 bench/ab_env.py --shapes $s --ms $ms --reps 30 --env NVFP4_JIT_PDL=1 \
      $(python3 bench/probe/sk_env.py $s $M $c) 2>&1 | grep -v "^NVIDIA" \
      | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_wg1_tp.log
  done
done
