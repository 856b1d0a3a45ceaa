# thirty-fifth session, after WGMMA_RASTER_MB = 8: the MoE GPU tests (the Qwen3 4096-token test runs 7-17 raster
# groups by default now), the MoE table, and raster 8 against 0 at 64-512 tokens (where the x image is small)
set -u
. bench/probe/dev_setup.sh
python3 -m pytest -q -n 8 -m gpu tests/test_moe.py -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests_moe.log | tail -3
timeout 200 python3 bench/moe.py --out $OUT/moe_s35b_h100.md 2>&1 | tee $OUT/moe_s35b.log | grep -v "^|" | tail -3
for m in qwen3:64,128,512 mixtral:64,128,512 gptoss:64,128,512; do
  timeout 100 python3 bench/ab_env.py --models ${m%%:*} --ms ${m#*:} --reps 10 --rounds 2 \
    --env NVFP4_JIT_MOE_RASTER=8 --env NVFP4_JIT_MOE_RASTER=0 2>&1 | grep -v "^NVIDIA" | tee -a $OUT/ab_moe_raster_s35c.log
done
