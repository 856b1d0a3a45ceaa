# thirty-third session (issue 4, prefill): s33f found the 32-slot block's ring 3 x 4 (12 super-tiles in flight, two
# CTAs per SM) 12-14% faster than the shipped 2 x 4 on Mixtral M=64 / Scout M=256, level on Qwen3 M=256. Over the
# whole 32-slot range (10-24 pairs per expert) on all four shapes, against 2 x 6 / 2 x 5 (no spills; 3 x 4 spills
# 20 bytes), and the 48-slot block (25-48 pairs per expert): 2 x 4 (shipped), 2 x 5, 3 x 3 (spills 44 bytes)
# -> ab_moe_ring_s33g.log (~2 min)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
run() { ab_moe $OUT/ab_moe_ring_s33g.log "$@"; }  # model ms config...
B32="32,1,2,2,2,4 32,1,2,3,2,4 32,1,2,2,2,6 32,1,2,2,2,5"
B48="48,1,2,2,2,4 48,1,2,2,2,5 48,1,2,3,2,3"
run mixtral 40,64,96 $B32
run scout 160,256,384 $B32
run gptoss 96,128,192 $B32
run qwen3 160,256,384 $B32
run mixtral 128,192 $B48
run scout 512,768 $B48
run gptoss 256,384 $B48
run qwen3 512,768 $B48
