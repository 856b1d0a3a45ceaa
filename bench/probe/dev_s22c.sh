# twenty-second session (H100, ~6 min): the wgmma kernel on small TP shards at 48-128 tokens is bound by each
# consumer warp's serial issue (ncu, 4096x1024 M = 64: 64 CTAs on 132 SMs, 9 cycles per issued instruction, 0.24
# issued per scheduler; the traffic probe removing x or weight copies saves < 1 µs). More CTAs with fewer
# super-tiles each: split K 2 / 4 for m64k (SK 1 or 2 by wgmma_split_k's 32-super-tile minimum slice), S = 2, and
# 32-token row blocks. The dispatch's choice first (ab_small_sk_s22_h100.log).
set -u
. bench/probe/dev_setup.sh
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=
timeout 520 python3 bench/ab_env.py --reps 30 --ms 48,64,128 \
  --shapes 4096x1024,4096x2048,4096x1792,3072x4096,4096x3584,1536x4096,768x4096,4096x512,2560x8192 \
  --env NVFP4_JIT_PDL=1 --env ${W}64,1,1,4,2,1,4,2 --env ${W}64,1,1,4,2,1,2,2 --env ${W}64,1,1,4,4,1,2,2 \
  --env ${W}32,1,1,4,2,1,4,2 --env ${W}32,1,1,4,4,1,2,2 2>&1 | grep -v "^NVIDIA" \
  | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err \([0-9.e-]*\))/ e\1/g' | tee $OUT/ab_small_sk_s22_h100.log
