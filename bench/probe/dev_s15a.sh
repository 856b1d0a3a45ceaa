# device run of the fifteenth session (device time short: dev_s14b + dev_s14c in one call). The gated-activation
# helper and the MoE prefill early free applied to both versions; A/B of the wgmma static loop + the dequant multiply
# together (bench/notes/wgmma_static_loop.diff + dequant_mul.diff): the full GPU suite with both, then graph µs of
# dense M = 1..1024 and MoE M = 1..1024 rows before / after, alternating, two runs each.
set -u
for q in gated_helper moe_prefill_early_free; do patch -s -p1 < bench/notes/$q.diff || git apply bench/notes/$q.diff; done
. bench/probe/dev_setup.sh
on() { for q in wgmma_static_loop dequant_mul; do patch -s -p1 < bench/notes/$q.diff; done; }
off() { for q in dequant_mul wgmma_static_loop; do patch -s -R -p1 < bench/notes/$q.diff; done; }
T="timeout 110 python3 bench/probe/time_rows.py --reps 20 --ms 1,16,64,128,256,1024 --moe-ms 1,4,256,1024"
W="python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet"
$W; $T --tag before --out $OUT/before.jsonl 2>&1 | tee $OUT/time_rows.log
on && $W
timeout 220 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -3
$T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows.log
off && $T --tag before --out $OUT/before.jsonl 2>&1 | tee -a $OUT/time_rows.log
on && $T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows.log
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab.log
