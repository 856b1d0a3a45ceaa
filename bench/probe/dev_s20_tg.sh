# prepared in the nineteenth session (H100, ~3 min): bench/notes/wgmma_tg.diff, an experiment: the wgmma kernel
# reading a tile-group-major copy of the weight ([N16 / NW][KT][NW][512 B], made at the first call), so each stage's
# box is one contiguous block instead of NW chunks KT x 512 B apart (NVFP4_JIT_WGMMA_TG=1; 4-D tensor maps; the
# stage lands super-tile-major and the consumers' addresses follow). Why: bench/probe/layout_read.py read such
# stages 1.05-1.22x faster than the tile order with plain loads (layout_read_s19_h100.log). Only a measurement: a
# landing would change the prepared layout of every kernel. CPU: the 4-D box semantics checked against the
# consumers' addressing, the variants compile, non-TG kernels render unchanged. First bit-identity against the
# usual kernel (env_check.py), then graph µs.
set -u
. bench/probe/dev_setup.sh
patch -s -p1 < bench/notes/wgmma_tg.diff
timeout 150 python3 bench/probe/env_check.py NVFP4_JIT_WGMMA_TG 0 1 2>&1 | grep -E "^FAIL|Error|FAILURES" | head -20 \
  | tee $OUT/tg_check.log
timeout 200 python3 bench/ab_env.py --shapes 28672x4096,8192x28672,57344x8192,4096x14336,6144x4096 \
  --ms 16,32,64,128,256 --reps 30 --env NVFP4_JIT_WGMMA_TG=0 --env NVFP4_JIT_WGMMA_TG=1 2>&1 | tee $OUT/ab_tg.log
patch -s -R -p1 < bench/notes/wgmma_tg.diff
