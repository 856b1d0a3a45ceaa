# twenty-sixth session, the three short follow-up calls after dev_s26a.sh on the same machine (ab_bm_s26_h100.log):
# m128k / m128 with the token tile cut to M (rounded up to 16) against the default (then m128k / m128).
set -u
. bench/probe/dev_setup.sh >/dev/null
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
f() { grep -v "^NVIDIA" | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
ab() { timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $2 --shapes $1 --env NVFP4_JIT_PDL=1 \
         --env $W=$3 2>&1 | f | tee -a $OUT/ab_bm_s26.log; }
for sh in 8192x1024 8192x2048 4096x1792 4096x1024 6144x2048; do ab $sh 80 80,1,1,4,1,1,3,2; done  # (+ S = 4: same)
for sh in 8192x1024 8192x2048 6144x2048 6144x1024 8192x3584; do
  for m in 72 96 112; do ab $sh $m $((($m + 15) / 16 * 16)),1,1,4,1,1,3,2; done
done
for sh in 14336x4096 10240x4096 14336x8192 28672x4096; do
  for m in 80 112; do ab $sh $m $((($m + 15) / 16 * 16)),1,1,3,1,2,2; done
done
