# nineteenth session (H100): the tensor maps' L2 promotion (bench/notes/tmap_l2.diff, env NVFP4_JIT_TMAP_L2:
# 0 none, 1 64 B, 2 128 B (the default), 3 256 B), graph µs of the wgmma kernel at 16-256 tokens
set -u
. bench/probe/dev_setup.sh
patch -s -p1 < bench/notes/tmap_l2.diff
timeout 150 python3 bench/ab_env.py --shapes 28672x4096,8192x28672,4096x14336,6144x4096 --ms 16,64,256 --reps 30 \
  --env NVFP4_JIT_TMAP_L2=2 --env NVFP4_JIT_TMAP_L2=3 --env NVFP4_JIT_TMAP_L2=0 2>&1 | tee $OUT/ab_tmap_l2.log
patch -s -R -p1 < bench/notes/tmap_l2.diff
