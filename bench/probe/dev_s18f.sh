# eighteenth session (H100): the wgmma tile sweep again now that every stage comes by tensor maps, where the
# layers are still slower than bf16 (narrow layers at 128-1024 tokens, 28672x4096 at 256)
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 300 python3 bench/tune_wgmma.py --shapes 4096x4096,6144x4096 --ms 128,256,512,1024 --bms 64,128,256 --sks 1,2 \
  --reps 20 2>&1 | tee $OUT/tune_tmap.log
timeout 150 python3 bench/tune_wgmma.py --shapes 28672x4096 --ms 256 --bms 64,128,256 --sks 1,2 --reps 20 2>&1 | tee -a $OUT/tune_tmap.log
