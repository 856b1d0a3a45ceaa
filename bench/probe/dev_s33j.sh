# thirty-third session (issue 3): the MoE prefill tiles gained 11-16% from 12 super-tiles in flight per CTA instead
# of 8 (2 x 6 at 32 slots); the dense 16 / 32 / 48-token wide tiles (D x S 4 x 2, 2 x 4) against 2 x 6 / 4 x 3 /
# 4 x 4 / 2 x 5 (no spills with tensor maps) on 28672x4096, 57344x4096, 8192x28672 -> ab_dense_ring_s33j.log; and
# the MoE prefill test with its 48-slot case moved to 34 pairs per expert (~1.5 min)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
ab_configs bench/probe/s33j_cases.txt $OUT/ab_dense_ring_s33j.log
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -k "wgmma" -p no:cacheprovider 2>&1 | tail -2
