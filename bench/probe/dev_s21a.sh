# prepared in the twentieth session for the next (H100, ~4 min). The twentieth session's wins were all on grids that
# left SMs idle (one-warpgroup wgmma tiles, two rows of the 16-token mma.sync tile on small narrow layers), most of
# them on tensor-parallel shards, which bench/gemm.py's table does not cover. (1) The table on the shards of
# Llama-3-8B TP2 / TP4 / TP8 and Llama-70B TP4 / TP8 at 1-128 tokens (gemm_tp.md: speed-up over bf16 and time over
# the byte floor). (2) More CTAs for small narrow layers at 1 / 16 tokens, where the shipped configs launch one CTA
# per n16 tile (1024x8192: 64 CTAs on 132 SMs): split K on the NT = 1 configs, one column of 4 K-warps, NT = 2 split
# (ab_small_decode.log). (3) 48 / 64 tokens on them: four rows of the 16-token config, two rows of CONFIG_M32, the
# one-warpgroup wgmma tile, against the default (RING_M64 split or m64d; ab_small_m64.log). Errors print per row.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
# (the gated-activation GPU test gained M = 24 after the twentieth session's last device call)
timeout 120 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -k "gated or two_rows" -p no:cacheprovider 2>&1 \
  | tail -2 | tee $OUT/gpu_tests_gated.log
TP=3072x4096,4096x2048,1536x4096,4096x1024,7168x4096,4096x3584,768x4096,4096x512,3584x4096,4096x1792
TP=$TP,2560x8192,8192x2048,14336x8192,8192x7168,1280x8192,8192x1024,7168x8192,8192x3584
timeout 240 python3 bench/gemm.py --reps 50 --shapes $TP --ms 1,16,32,64,128 --out $OUT/gemm_tp.md \
  --json $OUT/gemm_tp.json 2>&1 | tail -2
C=NVFP4_JIT_MARLIN_CONFIG
for s in 1024x8192 1280x8192 2048x8192 768x4096 1536x4096 1024x14336; do
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 1,4 --reps 30 --env NVFP4_JIT_PDL=1 --env $C=1,1,1,8,2,2,1,3 \
    --env $C=1,1,1,4,2,1,1 --env $C=1,1,1,4,2,2,1 --env $C=1,2,1,8,2,2,1 --env $C=1,2,1,4,2,4,1 2>&1 \
    | grep -v "^NVIDIA" | tee -a $OUT/ab_small_decode.log
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 12,16 --reps 30 --env NVFP4_JIT_PDL=1 --env $C=2,1,1,8,2,2,1,2 \
    --env $C=2,1,1,4,2,1,1 --env $C=2,1,1,4,2,2,1 --env $C=2,2,1,8,2,2,1 --env $C=2,2,1,4,2,4,1 2>&1 \
    | grep -v "^NVIDIA" | tee -a $OUT/ab_small_decode.log
  timeout 60 python3 bench/ab_env.py --shapes $s --ms 48,64 --reps 30 --env NVFP4_JIT_PDL=1 \
    --env NVFP4_JIT_WGMMA=0,$C=2,1,1,8,2,1,1,2 --env NVFP4_JIT_WGMMA=0,$C=4,1,2,4,2,1,1 \
    $(python3 bench/probe/sk_env.py $s 64 64,1,1,4,2,2) 2>&1 | grep -v "^NVIDIA" \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_small_m64.log
done
