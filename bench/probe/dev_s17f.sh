# seventeenth session: per-SASS-instruction stall samples of the wgmma kernel at 64 tokens (28672x4096), to see
# which wait the consumers' long-scoreboard stalls sit on (full-barrier try-wait or something else)
set -u
. bench/probe/dev_setup.sh
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
c="28672 4096 64"; tag=28672_4096_64
python3 bench/probe/ncu_case.py $c
timeout 200 $NCU -f -o $OUT/r_$tag --section WarpStateStats --section SourceCounters --import-source no \
  -k regex:wgmma -s 2 -c 1 python3 bench/probe/ncu_case.py $c > $OUT/ncu_$tag.log 2>&1
$NCU -i $OUT/r_$tag.ncu-rep --page source --print-source sass --csv > $OUT/sass_$tag.csv 2>&1
rm -f $OUT/r_$tag.ncu-rep
head -2 $OUT/sass_$tag.csv | cut -c1-600; wc -l $OUT/sass_$tag.csv
