# thirty-third session (issue 4, prefill, last minutes): at 64 pairs per expert random routing gives about half the
# experts more than 64 pairs, so the 64-slot block runs ~1.5 blocks per expert (Mixtral M=256 GEMM 1 394 µs against
# 8 x 37.8 for eight dense 64-token calls). Blocks of 80 / 96 slots (m64 tile with a 2 x 3 ring, spills 52 / 136 B;
# the m128 tile's fitted twins, 40 B) at 64 pairs per expert -> ab_moe_bm80_s33k.log (~1 min)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
for c in mixtral:256 scout:1024 gptoss:512 qwen3:1024; do
  ab_moe $OUT/ab_moe_bm80_s33k.log ${c%%:*} ${c#*:} 64,1,2,2,2,4 80,1,2,2,2,3 96,1,2,2,2,3 80,1,1,3,2,2 96,1,1,3,2,2
done
