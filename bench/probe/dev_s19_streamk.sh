# prepared in the eighteenth session (H100): bisect the stream-K wgmma variant (bench/notes/wgmma_streamk.diff),
# whose outputs were wrong on the H100 (streamk_check_s18_h100.log). One process per case, 40 s each, so a failing
# launch does not stop the rest. Cases (M <= 32: the m32 tile, 128 rows, 2 CTAs per SM, 264 CTAs on an H100):
#   33792x4096: 264 tiles = the grid: every CTA one whole tile (segment loop, direct stores only)
#   16896x4096: 132 tiles: every CTA half a tile (one segment each, every tile shared by 2: the reduction)
#   28672x4096: 224 tiles: 1-2 segments per CTA (the ring carried across segments)
# each with tensor maps (default) and without (NVFP4_JIT_WGMMA_TMAP=0), then 4096x4096 M = 512 (m128w)
set -u
. bench/probe/dev_setup.sh
patch -s -p1 < bench/notes/wgmma_streamk.diff
for tm in 1 0; do
  for s in 33792x4096 16896x4096 28672x4096; do
    echo "== TMAP=$tm $s"
    NVFP4_JIT_WGMMA_TMAP=$tm timeout 40 python3 bench/probe/streamk_check.py $s 17,32 2>&1 | grep -E "ok|FAIL|Error" | head -6
  done
done
timeout 40 python3 bench/probe/streamk_check.py 4096x4096 512 2>&1 | grep -E "ok|FAIL|Error" | head -4
