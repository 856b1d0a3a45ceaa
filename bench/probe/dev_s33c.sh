# prepared in the thirty-second session for the next one (issue 3: 8192x28672 at 64 tokens is 2.45x faster than
# bf16 with m64d (64,1,2,4,1,4) split 2, 66.5 µs; 2.5x is 65.2): m64d's ring shapes of the same or less shared
# memory (D x S = 16 super-tiles: 8 x 2; 15: 3 x 5, 5 x 3; 18: 6 x 3). ptxas (NVRTC, sm_90a, tensor maps): 8 x 2
# 168 registers, no spills; 3 x 5 / 5 x 3 / 6 x 3 8 bytes of spills -> ab_m64ring_s33c.log (~1 min)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s33c_cases.txt $OUT/ab_m64ring_s33c.log ${1:-1000}
