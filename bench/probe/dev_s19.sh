# prepared in the eighteenth session: the next device session's first call (H100, ~7 min): the three prepared
# experiments one after the other, each on a clean tree (patch, run, patch -R):
#   1. stream-K (bench/notes/wgmma_streamk.diff, fixed on the CPU): dev_s19_streamk.sh
#   2. deeper rings of shorter stages (tuning only): dev_s19_ring.sh
#   3. split rings (bench/notes/wgmma_xring.diff): dev_s19_xring.sh
# outputs: $OUT/streamk_check.log, ab_streamk.log, ab_ring.log, ab_xring.log (+ the tails printed)
set -u
bash bench/probe/dev_s19_streamk.sh 2>&1 | tail -30
patch -s -R -p1 < bench/notes/wgmma_streamk.diff
bash bench/probe/dev_s19_ring.sh 2>&1 | tail -8
bash bench/probe/dev_s19_xring.sh 2>&1 | tail -4
patch -s -R -p1 < bench/notes/wgmma_xring.diff
