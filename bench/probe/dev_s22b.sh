# prepared in the twenty-first session for the next (H100, ~8 min): what bounds the wgmma kernel on the smallest TP
# shards at 64-128 tokens, where it takes ~6-10 µs for a 2-3 MB weight and trails cuBLAS (kernel_split_s21_h100.log).
# There every CTA streams the whole x of its row block from L2 (768x4096 M = 128, m64k split 2: 256 KB of x against 64
# KB of weights per CTA; 4096x1024 M = 64: 128 KB against 32 KB), so the suspect is L2 -> SM traffic or the
# pipeline's latency, not HBM. ncu --set full of the wgmma kernel (details: memory workload, stall reasons) for both.
. bench/probe/dev_setup.sh
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1); echo "ncu: $NCU"
for c in "768 4096 128" "4096 1024 64" "1024 8192 128"; do
  tag=$(echo $c | tr ' ' _)
  python3 bench/probe/ncu_case.py $c  # compile outside the profiler
  timeout 120 $NCU -f -o $OUT/r_$tag --set full --import-source no -k regex:wgmma -s 2 -c 1 \
    python3 bench/probe/ncu_case.py $c > $OUT/ncu_$tag.log 2>&1
  $NCU -i $OUT/r_$tag.ncu-rep --page details --print-details all > $OUT/details_$tag.txt 2>&1
  grep -iE "duration|throughput|l2|stall|warp cycles" $OUT/details_$tag.txt | head -40
done
# Two 64-row A tiles per warp (AT = 2: 128 weight rows per consumer warpgroup share each x tile, half the x traffic
# per weight byte; no tensor maps) against the default, default first (ab_at2_s22.log)
for s in 768x4096 1536x4096 4096x1024 1024x8192 1280x8192; do
  for m in 64 128; do
    timeout 40 python3 bench/ab_env.py --shapes $s --ms $m --reps 30 --env NVFP4_JIT_PDL=1 \
      $(python3 bench/probe/sk_env.py $s $m 64,2,1,4,1,4,2 64,2,1,4,2,2) 2>&1 | grep -v "^NVIDIA" \
      | sed 's/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g; s/ (err [0-9.e-]*)//g' | tee -a $OUT/ab_at2_s22.log
  done
done
# Which copies limit the wgmma kernel there: the traffic probe (x copies halved / gone, weight copies gone; times
# only), on a patched template (reverted after) (wgmma_traffic_s22.log)
git apply bench/notes/wgmma_traffic_probe_s21.diff && timeout 150 python3 bench/probe/wgmma_traffic.py \
  --cases 768x4096:128,4096x1024:64,4096x1024:128,1024x8192:128,1536x4096:128,4096x4096:128 2>&1 \
  | tee $OUT/wgmma_traffic_s22.log
git apply -R bench/notes/wgmma_traffic_probe_s21.diff
