# RAN in the sixteenth session at 8c5651f (H100: bench/notes/gpu_tests_h100_s16.log, ab_loop_mul_s16_h100*.log); its first
# three patches and wgmma_static_loop.diff have landed since (1439ebb), so it no longer applies to HEAD: a record.
# device run prepared in the fifteenth session (no device started then); H100 or H200, one 10-minute call.
#   bash bench/probe/dev_s15.sh [full|short|suite]
# Applied to both versions: the gated-activation helper, the MoE prefill early free and the prepared launch of
# gemm(act=...)'s activation kernel (bench/notes/gated_helper / moe_prefill_early_free / gated_launch_plan.diff).
# A/B: the wgmma static loop + the dequant multiply as one change (wgmma_static_loop.diff + dequant_mul.diff).
#   full:  before, then the GPU suite with all five patches, after / before / after (graph µs, dense M = 1..1024,
#          MoE M = 1..1024), compared (min over runs)
#   short: the suite first, then one after / before run on fewer rows (for a call with less device time)
#   suite: the suite alone (the gate for landing the patches)
# The suite's skip reasons are listed (-rs): the SM90a tests must run, not skip.
set -u
MODE=${1:-full}
for q in gated_helper moe_prefill_early_free gated_launch_plan; do patch -s -p1 < bench/notes/$q.diff; done
. bench/probe/dev_setup.sh
on() { for q in wgmma_static_loop dequant_mul; do patch -s -p1 < bench/notes/$q.diff; done; }
off() { for q in dequant_mul wgmma_static_loop; do patch -s -R -p1 < bench/notes/$q.diff; done; }
W() { python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet; }
suite() { timeout 220 python3 -m pytest -q -rs -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -15; }
T() { timeout $1 python3 bench/probe/time_rows.py --reps $2 --ms $3 --moe-ms $4 --tag $5 --out $OUT/$5.jsonl 2>&1 | tee -a $OUT/time_rows.log; }
if [ "$MODE" = full ]; then
  R="110 20 1,16,64,128,256,1024 1,4,256,1024"
  W; T $R before; on && W; suite; T $R after; off && T $R before; on && T $R after
else
  on && W && suite
  [ "$MODE" = suite ] && exit 0
  R="90 15 1,16,64,256,1024 1,256,1024"
  T $R after; off && T $R before
fi
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab.log
