# nineteenth session (H100), third call: (1) the m128w rule with WGMMA_ONE_WAVE_FILL (0.7 for one-wave grids):
# default dispatch against dequantize + cuBLAS where it newly applies (4096x4096, 4352x4096, 4608x4096 at 257-384
# tokens) and the dense GPU tests; (2) the deeper ring (D = 4, S = 2) at 9-16 tokens with 16-token wgmma tiles
# against mma.sync on wide layers; (3) the deeper ring at 24 / 32 tokens again, three rounds, on the two shapes that
# lost in ab_ring_wide_s19_h100.log and two that gained.
set -u
. bench/probe/dev_setup.sh
timeout 150 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -p no:cacheprovider 2>&1 | tail -2
timeout 120 python3 bench/ab_env.py --shapes 4096x4096,4352x4096,4608x4096 --ms 264,320,384 --reps 30 \
  --env NVFP4_JIT_WGMMA=0 --env NVFP4_JIT_PDL=1 2>&1 | tee $OUT/ab_one_wave.log
W="NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG"
for s in "28672x4096 1" "8192x28672 4" "57344x8192 1"; do
  set -- $s
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 12,16 --reps 30 --env NVFP4_JIT_PDL=1 \
    --env $W=16,1,2,2,$2,2,4 --env $W=16,1,2,4,$2,2,2 2>&1 \
    | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_ring_m16.log
done
for s in "10240x8192 2" "14336x4096 2" "8192x28672 4" "28672x4096 1"; do
  set -- $s
  timeout 100 python3 bench/ab_env.py --shapes $1 --ms 24,32 --reps 30 --rounds 3 --env NVFP4_JIT_PDL=1 \
    --env $W=32,1,2,4,$2,2,2 2>&1 | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_ring_wide2.log
done
