# NOT RUN in the thirty-fourth session (no device machine could be started; its device time went on failed
# starts). Needs the raster patch: git apply bench/notes/moe_raster_s34.diff (reverted from main untested).
# thirty-fourth session (~8 min): the whole GPU suite (the wgmma template's grouped variant now takes a raster
# group argument and a (gr, columns, groups) grid; the dense variant only renamed its split-K indices), then
# the MoE prefill raster A/B (NVFP4_JIT_MOE_RASTER = MB of x rows per group: 0 = row blocks fastest, as before)
# at large M, where each column of the grid re-reads every row block's x (Mixtral M = 4096: 72 MB for GEMM 1,
# 264 MB for GEMM 2, more than the 50 MB L2), the big tile's fitted twins (160-224 slots) at 256-1024 pairs per
# expert, then the 96-slot rule on another routing draw (--seed 1) at 68-120 pairs per expert
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3  # (~2.5 min)
. bench/probe/dev_setup.sh
for m in mixtral:4096,1024,8192,256 qwen3:4096,1024,256,8192 gptoss:4096,1024,8192 scout:8192 mixtral22:4096; do
  timeout 200 python3 bench/ab_env.py --models ${m%%:*} --ms ${m#*:} --reps 10 --rounds 2 \
    --env NVFP4_JIT_MOE_RASTER=0 --env NVFP4_JIT_MOE_RASTER=8 --env NVFP4_JIT_MOE_RASTER=16 \
    --env NVFP4_JIT_MOE_RASTER=32 2>&1 | grep -v "^NVIDIA" | tee -a $OUT/ab_moe_raster_s34c.log
done
# the big tile's fitted twins at >= 256 pairs per expert (256 slots overflow on about half the experts there)
. bench/probe/ab_cases.sh
AB_MOE_ARGS=(--blocks 160,192,224,256 --env NVFP4_JIT_UNUSED=1)
ab_moe $OUT/ab_moe_bigtwins_s34c.log mixtral 1024,2048,4096 160,1,2,3,1,2 192,1,2,3,1,2 224,1,2,3,1,2
ab_moe $OUT/ab_moe_bigtwins_s34c.log mixtral22 1024,2048 160,1,2,3,1,2 192,1,2,3,1,2 224,1,2,3,1,2
AB_MOE_ARGS=(--seed 1 --blocks 48,64,80,96 --env NVFP4_JIT_UNUSED=1)
P="68 76 80 84 92 100 112 120"
ms() { local f=$1 out=""; for p in $P; do out="$out,$((p * f))"; done; echo ${out#,}; }
for c in mixtral:4 gptoss:8 qwen3:16 scout:16; do
  ab_moe $OUT/ab_moe_rule96_s34b.log ${c%%:*} $(ms ${c#*:}) 48,1,2,2,2,5 64,1,2,2,2,4 80,1,2,2,2,3 96,1,2,2,2,3
done
