# thirty-third session (issue 4, prefill at 64-1024 tokens): the s33e timeline showed Mixtral M=64's grouped GEMM 1
# streaming its 528 MB at 1.44x of a plain read (242 µs, what eight dense 28672x4096 calls at 16 tokens take), so
# the prefill path's tiles may be short of bytes in flight: its ring shapes (D x S, CTAs per SM) against the shipped
# m64-derived (BM,1,2,2,2,4), no spills unless noted (3 x 4: 20 bytes) -> ab_moe_ring_s33f.log (~2 min)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
run() { ab_moe $OUT/ab_moe_ring_s33f.log "$@"; }  # model ms config...
B32="32,1,2,2,2,4 32,1,2,4,2,2 32,1,2,4,1,4 32,1,2,3,2,4 32,1,2,8,1,2"
B48="48,1,2,2,2,4 48,1,2,4,2,2 48,1,2,4,1,4"
B64="64,1,2,2,2,4 64,1,2,4,2,2 64,1,2,4,1,4"
run mixtral 64 $B32
run mixtral 128 $B48
run mixtral 256 $B64
run qwen3 256 $B32
run qwen3 1024 $B64
run gptoss 256 $B48
run gptoss 1024 $B64
run scout 256 $B32
