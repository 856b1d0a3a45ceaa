# NOT RUN in the thirty-fourth session (no device machine could be started; its device time went on failed
# starts). Needs the raster patch: git apply bench/notes/moe_raster_s34.diff (reverted from main untested).
# thirty-fourth session, the last of its device time (~5 min): dev_s34c.sh's first two parts only: the whole GPU
# suite, then the raster A/B on the cases where the x image is largest
set -u
bash bench/gpu_session.sh tests 2>&1 | tail -3
. bench/probe/dev_setup.sh
for m in mixtral:4096,8192,1024 qwen3:4096,1024 gptoss:4096; do
  timeout 100 python3 bench/ab_env.py --models ${m%%:*} --ms ${m#*:} --reps 5 --rounds 2 \
    --env NVFP4_JIT_MOE_RASTER=0 --env NVFP4_JIT_MOE_RASTER=8 --env NVFP4_JIT_MOE_RASTER=16 \
    --env NVFP4_JIT_MOE_RASTER=32 2>&1 | grep -v "^NVIDIA" | tee -a $OUT/ab_moe_raster_s34d.log
done
