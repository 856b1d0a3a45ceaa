# RECORD (seventeenth session ran it; bench/notes/dequant_mul*.diff no longer apply after the wgmma-only multiply landed)
# next device run (prepared in the sixteenth session; H100 or H200), one call:   bash bench/probe/dev_s16.sh [full|short]
#   full (~9 min): prebuild, GPU suite at HEAD, the tables (bench/gemm.py --reps 50, bench/moe.py), then with the
#         time left the dequant_mul A/B on decode rows (dense M = 1 / 4 / 16, MoE M = 1 / 4, two alternations) and a
#         short wgmma config sweep with the static loop
#   short (~4 min, for a call with little device time): prebuild, dense table at M = 1..1024 (30 runs), the A/B at
#         M = 1 / 16 and MoE M = 1
set -u
MODE=${1:-full}
. bench/probe/dev_setup.sh
W() { python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet; }
on() { patch -s -p1 < bench/notes/dequant_mul.diff; }
off() { patch -s -R -p1 < bench/notes/dequant_mul.diff; }
W
if [ "$MODE" = full ]; then
  timeout 120 python3 -m pytest -q -rs -n 8 -m gpu tests -p no:cacheprovider 2>&1 \
    | grep -v "PytestBenchmarkWarning\|warner(" > $OUT/gpu_tests.log; tail -5 $OUT/gpu_tests.log
  timeout 170 python3 bench/gemm.py --reps 50 --out $OUT/gemm.md --json $OUT/gemm.json > $OUT/gemm.log 2>&1
  echo "gemm rc $? at ${SECONDS}s"
  timeout 150 python3 bench/moe.py --out $OUT/moe.md > $OUT/moe.log 2>&1; echo "moe rc $? at ${SECONDS}s"
  [ $SECONDS -gt 440 ] && exit 0
  AB="--reps 30 --ms 1,4,16 --moe-ms 1,4"
else
  timeout 150 python3 bench/gemm.py --reps 30 --ms 1,16,64,128,256,1024 --out $OUT/gemm.md --json $OUT/gemm.json \
    > $OUT/gemm.log 2>&1; echo "gemm rc $? at ${SECONDS}s"
  AB="--reps 20 --ms 1,16 --moe-ms 1"
fi
T() { timeout 60 python3 bench/probe/time_rows.py $AB --tag $1 --out $OUT/$1.jsonl >> $OUT/time_rows.log 2>&1; }
on && W && off
for r in 1 2; do T before; on; T after; off; done
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab_mul.log; echo "ab at ${SECONDS}s"
[ "$MODE" = full ] && [ $SECONDS -lt 480 ] || exit 0
timeout $((575 - SECONDS)) python3 bench/tune_wgmma.py --shapes 28672x4096,6144x4096,4096x4096 --ms 64,128,256 \
  --sks 1 --bms 64,128,256 --reps 10 > $OUT/tune_wgmma_s16_h100.log 2>&1; grep -v "^    " $OUT/tune_wgmma_s16_h100.log
