# device run (sixteenth session, last try with ~280 s of device time left): the dense table at the final code
# (bench/gemm.py on the shapes, M = 1..1024, 30 runs), then the dequant_mul A/B on decode rows if time is left
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 150 python3 bench/gemm.py --reps 30 --ms 1,16,64,128,256,1024 --out $OUT/gemm.md --json $OUT/gemm.json > $OUT/gemm.log 2>&1
echo "gemm rc $? at ${SECONDS}s"
on() { patch -s -p1 < bench/notes/dequant_mul.diff; }
off() { patch -s -R -p1 < bench/notes/dequant_mul.diff; }
T() { timeout 40 python3 bench/probe/time_rows.py --reps 20 --ms 1,16 --moe-ms 1 --tag $1 --out $OUT/$1.jsonl >> $OUT/time_rows.log 2>&1; }
on && python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet && off
for r in 1 2; do T before; on; T after; off; done
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab_mul.log
