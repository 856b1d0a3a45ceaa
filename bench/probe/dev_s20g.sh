# twentieth session (H100), eighth call: mma.sync (second column, against any first-column advantage: in
# ab_wg1_tp_s20_h100.log the same s32x2 config measured 4-5% faster as the default first column than forced in the
# second) against the new rule at 17-32 tokens on the layers it newly sends to wgmma, three rounds (ab_s32_rule.log).
set -u
. bench/probe/dev_setup.sh
timeout 200 python3 bench/ab_env.py --shapes 3584x8192,7168x4096,8192x4096,4096x14336,5120x8192,10240x4096 \
  --ms 17,32 --reps 30 --rounds 3 --env NVFP4_JIT_PDL=1 --env NVFP4_JIT_WGMMA=0 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err [0-9.e-]*)//g' | tee $OUT/ab_s32_rule.log
