# device run (planned in the fourteenth session, which had no device; H100; after dev_s14b.sh): dequant_step with
# one multiply for A register 1 (bench/notes/dequant_mul.diff: sign << 1 and magnitude << 6 (bf16) / << 9 (fp16) in
# one IMAD; equal to the two shifts for all 2^32 words, bench/probe/dequant_mul_check.py; 4 SASS instructions less
# per super-tile in every kernel), and the bf16 scale expansion as one LEA (2 less). It touches every kernel family
# (mma.sync, wgmma, MoE, dequantize); ptxas: no spill or register-occupancy changes.
# Applies the loop patch first where it has not landed. Marlin + MoE GPU tests with the patch, then A/B: dense rows
# M = 1 / 16 / 32 / 64 / 256 / 1024, MoE decode and prefill rows, and the decode chains (the chain variants).
set -u
. bench/probe/dev_setup.sh
applied() { patch -s -R -p1 --dry-run < $1 >/dev/null 2>&1; }
for q in gated_helper wgmma_static_loop; do applied bench/notes/$q.diff || patch -s -p1 < bench/notes/$q.diff; done
P=bench/notes/dequant_mul.diff
T="timeout 120 python3 bench/probe/time_rows.py --reps 20 --ms 1,16,32,64,256 --moe-ms 1,4,256"
C="timeout 120 python3 bench/chain.py --models llama3-8b --ms 1,4,16,32 --modes gemms --reps 30"
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
$T --tag before --out $OUT/before.jsonl 2>&1 | tee $OUT/time_rows_mul.log
$C 2>&1 | sed 's/^/before /' | tee $OUT/chain_mul.log
patch -s -p1 < $P && python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py tests/test_moe.py -p no:cacheprovider 2>&1 \
  | tee $OUT/gpu_tests_mul.log | tail -3
$T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows_mul.log
$C 2>&1 | sed 's/^/after /' | tee -a $OUT/chain_mul.log
patch -s -R -p1 < $P && $T --tag before --out $OUT/before.jsonl 2>&1 | tee -a $OUT/time_rows_mul.log
patch -s -p1 < $P && $T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows_mul.log
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab_dequant_mul.log
