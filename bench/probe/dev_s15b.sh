# dev_s15a.sh cut to fit a shorter device call: the GPU suite with all four patches first (the gate for landing
# them), then one timing run after / before (the loop + dequant multiply A/B), dense M = 1..1024 and MoE rows.
set -u
for q in gated_helper moe_prefill_early_free wgmma_static_loop dequant_mul; do patch -s -p1 < bench/notes/$q.diff; done
. bench/probe/dev_setup.sh
off() { for q in dequant_mul wgmma_static_loop; do patch -s -R -p1 < bench/notes/$q.diff; done; }
T="timeout 90 python3 bench/probe/time_rows.py --reps 15 --ms 1,16,64,256,1024 --moe-ms 1,256,1024"
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -3
$T --tag after --out $OUT/after.jsonl 2>&1 | tee $OUT/time_rows.log
off && $T --tag before --out $OUT/before.jsonl 2>&1 | tee -a $OUT/time_rows.log
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab.log
