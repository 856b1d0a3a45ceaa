# RECORD (seventeenth session ran it; bench/notes/dequant_mul*.diff no longer apply after the wgmma-only multiply landed)
# seventeenth session, second / third H100 call: the GPU suite with bench/notes/dequant_mul_wgmma_only.diff applied
# (the multiply in the wgmma kernels only, to land), then with that tree the MoE prefill block-size data for a rule
# (BM 64 against 256 where dev_s14a.sh had no rows), then the wgmma config sweep (dev_s14d.sh's, shortened)
set -u
. bench/probe/dev_setup.sh
patch -s -p1 < bench/notes/dequant_mul_wgmma_only.diff
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 120 python3 -m pytest -q -rs -n 8 -m gpu tests -p no:cacheprovider 2>&1 \
  | grep -v "PytestBenchmarkWarning\|warner(" > $OUT/gpu_tests.log; tail -4 $OUT/gpu_tests.log
E="--env NVFP4_JIT_MOE_WGMMA=64 --env NVFP4_JIT_MOE_WGMMA=256"
for mm in "mixtral 256,512" "gptoss 16384" "qwen3 16384"; do
  set -- $mm
  timeout 100 python3 bench/ab_env.py --models $1 --ms $2 --reps 10 $E 2>&1 | tee -a $OUT/moe_bm_s17.log
done
echo "sweep from ${SECONDS}s"
timeout $((560 - SECONDS)) python3 bench/tune_wgmma.py --shapes 28672x4096,6144x4096,4096x4096,4096x14336 \
  --ms 64,128,256 --sks 1,2 --bms 64,128,256 --reps 15 > $OUT/tune_wgmma_s17.log 2>&1; grep -v "^    " $OUT/tune_wgmma_s17.log
