# prepared in the thirty-third session for the next one (issue 4, prefill): the block size by the routing's padded
# blocks. s33k/l: 80-slot blocks win 8-17% at 64 pairs per expert (the 64-slot block overflows on about half the
# experts) and lose 10-27% at 48 / 96 / 128. Every block (32 / 48 / 64 / 80 / 96 slots with their rings: 2 x 6,
# 2 x 5, 2 x 4, 2 x 3, 2 x 3) at 24-192 pairs per expert on four expert shapes, with the routing's actual blocks
# per size (sum of ceil(pairs / BM), --blocks), and the default (the padded-blocks rule, moe._wgmma_block, landed
# in the thirty-third session without a GPU run) -> ab_moe_blocks_s34a.log: is the rule's pick the fastest, and
# are the per-block costs (time / actual blocks) as constant as WGMMA_BLOCK_COST assumes? (~3.5 min; run
# bench/probe/dev_s33m.sh, the GPU tests, first)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
AB_MOE_ARGS=(--blocks 32,48,64,80,96 --env NVFP4_JIT_UNUSED=1)
P="24 32 40 48 56 64 72 88 96 128 192"
ms() { local f=$1 out=""; for p in $P; do out="$out,$((p * f))"; done; echo ${out#,}; }
for c in mixtral:4 gptoss:8 qwen3:16 scout:16; do
  ab_moe $OUT/ab_moe_blocks_s34a.log ${c%%:*} $(ms ${c#*:}) 32,1,2,2,2,6 48,1,2,2,2,5 64,1,2,2,2,4 80,1,2,2,2,3 96,1,2,2,2,3
done
