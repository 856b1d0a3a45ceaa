# NOT RUN in the thirty-fourth session (no device machine could be started); its rule check is part of dev_s34c.sh
# thirty-fourth session (~4 min): the 96-slot pick of the padded-blocks rule on the GPU (the prefill tests, the
# variants, the staged / direct epilogue test with the m64d split tile), then the rule between the sweep's points
# on another routing draw (--seed 1): default against forced 64 / 80 / 96 (48 too at 76-92) at 68-120 pairs per
# expert, and Mixtral at 24 / 40 pairs per expert on four draws (32 / 48 / 64: is the one-wave boundary of GEMM 2,
# 8 blocks x 32 tiles of 264 CTA slots, what made 48 win there in dev_s34a?)
set -u
. bench/probe/dev_setup.sh
timeout 240 python3 -m pytest -q -n 8 -p no:cacheprovider tests/test_moe.py tests/test_marlin.py \
  -k "wgmma_prefill or variants_registered or staged_and_direct or wgmma_block or wgmma_rule" 2>&1 | tail -3 \
  | tee $OUT/gpu_tests_s34b.log
. bench/probe/ab_cases.sh
AB_MOE_ARGS=(--seed 1 --blocks 48,64,80,96 --env NVFP4_JIT_UNUSED=1)
P="68 76 80 84 92 100 112 120"
ms() { local f=$1 out=""; for p in $P; do out="$out,$((p * f))"; done; echo ${out#,}; }
for c in mixtral:4 gptoss:8 qwen3:16 scout:16; do
  ab_moe $OUT/ab_moe_rule96_s34b.log ${c%%:*} $(ms ${c#*:}) 48,1,2,2,2,5 64,1,2,2,2,4 80,1,2,2,2,3 96,1,2,2,2,3
done
for s in 1 2 3 4; do
  AB_MOE_ARGS=(--seed $s --blocks 32,48,64 --env NVFP4_JIT_UNUSED=1)
  ab_moe $OUT/ab_moe_mixtral_seeds_s34b.log mixtral 96,160 32,1,2,2,2,6 48,1,2,2,2,5 64,1,2,2,2,4
done
