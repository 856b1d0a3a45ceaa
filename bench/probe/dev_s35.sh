# thirty-fifth session: the thirty-fourth session's raster patch (applied in the working tree, since landed): the whole
# GPU suite, then the MoE prefill raster A/B (NVFP4_JIT_MOE_RASTER = MB of x rows per group; 0 = the old order),
# then the s34c leftovers (96-slot rule on routing seed 1, the big tile's fitted twins) as far as time allows
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3 | tee $OUT/suite_tail.txt  # (~2.5 min)
. bench/probe/dev_setup.sh
for m in mixtral:4096,8192,1024,256 qwen3:4096,1024 gptoss:4096,8192 scout:8192 mixtral22:4096; do
  timeout 150 python3 bench/ab_env.py --models ${m%%:*} --ms ${m#*:} --reps 10 --rounds 2 \
    --env NVFP4_JIT_MOE_RASTER=0 --env NVFP4_JIT_MOE_RASTER=8 --env NVFP4_JIT_MOE_RASTER=16 \
    --env NVFP4_JIT_MOE_RASTER=32 2>&1 | grep -v "^NVIDIA" | tee -a $OUT/ab_moe_raster_s35.log
done
. bench/probe/ab_cases.sh
AB_MOE_ARGS=(--seed 1 --blocks 48,64,80,96 --env NVFP4_JIT_UNUSED=1)
P="68 76 84 92 100 112"
ms() { local f=$1 out=""; for p in $P; do out="$out,$((p * f))"; done; echo ${out#,}; }
for c in mixtral:4 qwen3:16; do
  ab_moe $OUT/ab_moe_rule96_s35.log ${c%%:*} $(ms ${c#*:}) 48,1,2,2,2,5 64,1,2,2,2,4 80,1,2,2,2,3 96,1,2,2,2,3
done
