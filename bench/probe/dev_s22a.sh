# prepared in the twenty-first session for the next (H100, ~5 min). (0) The whole GPU suite: the first run with
# rows_config's third case (two rows of CONFIG_M32["wide"] at 33-64 tokens below 4096x1024) as the default, and the
# gated activation on it (test_gemm_fused_gated_activation's 1536 x 1024 case, added after the last device call).
# (1) bench/gemm.py on the TP shards with all the twenty-first session's rules (gemm_tp_s22.md / .json), against
# bench/notes/gemm_tp_s21_h100.md (before rules 4-5). (2) The README table (gemm_h100_s22.md), unchanged rules there.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 300 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s22.log
timeout 150 python3 bench/gemm.py --reps 50 --shapes tp --ms 1,16,32,48,64,128 --out $OUT/gemm_tp_s22.md \
  --json $OUT/gemm_tp_s22.json 2>&1 | tail -1
timeout 120 python3 bench/gemm.py --reps 50 --out $OUT/gemm_h100_s22.md --json $OUT/gemm_h100_s22.json 2>&1 | tail -1
