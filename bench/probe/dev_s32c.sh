# prepared in the thirty-first session (issue 3, 129-256 tokens, 9216-12288 x 4096: 0.6-0.85x of bf16). The "big"
# tile (128 rows) runs at about cuBLAS's per-SM rate there but on only 72-96 of 132 SMs; the m128 / m128k twins
# (64 rows) fill the SMs but copy twice the x per weight. Rows of the 128-row, 64-token tile with two CTAs per SM
# ("m64", and its D = 4, S = 2 ring) keep 128 rows and fill the SMs (4 row blocks at 256 tokens: 288-384 CTAs on
# 264 slots; SM load 0.75x of big's). Per line of bench/probe/s32c_cases.txt ("shape M current m64 m64-ring"), with
# cuBLAS bf16 -> ab_m64rows_s32c.log. ~1.5 min.
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s32c_cases.txt $OUT/ab_m64rows_s32c.log ${1:-1000}
