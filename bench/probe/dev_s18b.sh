# prepared in the seventeenth session (after dev_s18.sh; H100): the MoE prefill path with tensor-map copies
# (bench/notes/moe_tmap.diff: 4-D maps, the expert outermost; only with NVFP4_JIT_WGMMA_TMAP=1 in that patch):
# the MoE GPU tests with it, then graph µs TMAP 0 / 1 on the three models at prefill sizes
set -u
. bench/probe/dev_setup.sh
patch -s -p1 < bench/notes/moe_tmap.diff
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
NVFP4_JIT_WGMMA_TMAP=1 timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_moe.py tests/test_marlin.py \
  -p no:cacheprovider 2>&1 | grep -v "Warning\|warner(" | tail -4
for mm in "mixtral 256,1024" "gptoss 256,1024,4096" "qwen3 256,1024,4096"; do
  set -- $mm
  timeout 120 python3 bench/ab_env.py --models $1 --ms $2 --reps 10 --env NVFP4_JIT_WGMMA_TMAP=0 \
    --env NVFP4_JIT_WGMMA_TMAP=1 2>&1 | tee -a $OUT/ab_moe_tmap.log
done
