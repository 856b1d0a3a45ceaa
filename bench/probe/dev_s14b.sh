# device run (planned in the fourteenth session, which had no device; H100): the wgmma consumer loop unrolled over a
# stage's batches (bench/notes/wgmma_static_loop.diff: ~22-32% fewer SASS instructions per super-tile in every
# shipped config, bench/notes/wgmma_static_loop_sass.txt) and the MoE prefill path's early release of its buffers
# (bench/notes/moe_prefill_early_free.diff) and the gated-activation helper (bench/notes/gated_helper.diff), both
# applied to both versions. The GPU suite with all three, then graph
# µs of the wgmma rows (dense M = 64..1024, MoE prefill) before / after the loop patch, alternating, two runs each.
set -u
for q in gated_helper moe_prefill_early_free; do patch -s -p1 < bench/notes/$q.diff || git apply bench/notes/$q.diff; done
. bench/probe/dev_setup.sh
P=bench/notes/wgmma_static_loop.diff
on() { patch -s -p1 < $P || git apply $P; }
off() { patch -s -R -p1 < $P || git apply -R $P; }
T="timeout 150 python3 bench/probe/time_rows.py --reps 30"
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
$T --tag before --out $OUT/before.jsonl 2>&1 | tee $OUT/time_rows.log
on && python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -3
$T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows.log
off && $T --tag before --out $OUT/before.jsonl 2>&1 | tee -a $OUT/time_rows.log
on && $T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows.log
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab_static_loop.log
