# device run (planned in the fourteenth session; H100): only after bench/notes/wgmma_static_loop.diff landed - the
# wgmma config sweep again with the new loop, since fewer instructions per super-tile may move the best tile (e.g.
# towards 2 CTAs per SM or U = 2) at 64-256 tokens, where issue 3's M = 64 and "never slower than bf16" rows are.
set -u
. bench/probe/dev_setup.sh
timeout 560 python3 bench/tune_wgmma.py --shapes 28672x4096,6144x4096,4096x4096,4096x14336 --ms 64,128,256 \
  --sks 1,2 --bms 64,128,256 --reps 15 2>&1 | tee $OUT/tune_wgmma_static_loop_s14_h100.log
