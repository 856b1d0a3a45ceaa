# thirty-sixth session: the wgmma producer also prefetching each stage's weight / scale boxes PF stages further on
# into L2 (cp.async.bulk.prefetch.tensor; NVFP4_JIT_WGMMA_L2PF=PF, uncommitted patch bench/notes/wgmma_l2pf.diff):
# more HBM bytes in flight than the shared-memory ring holds. Graph µs, errors vs the fp32 product.
source bench/probe/dev_setup.sh
E=NVFP4_JIT_WGMMA_L2PF
timeout 250 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --reps 20 --ms 16,64,128 --shapes 28672x4096,8192x28672 --env $E=0 --env $E=2 --env $E=4 2>&1 \
  | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$E=//g" | tee -a $OUT/ab_l2pf_s36.log
