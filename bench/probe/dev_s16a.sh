# device run (sixteenth session; never got a machine; H100): after 1439ebb landed the helper / early free / launch plan / static loop.
#  1. the GPU suite at HEAD (the landed tree without dequant_mul)
#  2. A/B of bench/notes/dequant_mul.diff alone on decode rows (dense M = 1, 4, 16; MoE M = 1, 4), three alternations:
#     dev_s15's loop+mul A/B lost 1.7% on 4096x14336 M = 1 (mma.sync) in both runs
#  3. the wgmma config sweep with the static loop (dev_s14d, trimmed), 4. MoE prefill block sizes (dev_s14a, trimmed)
set -u
. bench/probe/dev_setup.sh
W() { python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet; }
on() { patch -s -p1 < bench/notes/dequant_mul.diff; }
off() { patch -s -R -p1 < bench/notes/dequant_mul.diff; }
T() { timeout 80 python3 bench/probe/time_rows.py --reps 30 --ms 1,4,16 --moe-ms 1,4 --tag $1 --out $OUT/$1.jsonl >> $OUT/time_rows.log 2>&1; }
W
timeout 150 python3 -m pytest -q -rs -n 8 -m gpu tests -p no:cacheprovider 2>&1 | grep -v "PytestBenchmarkWarning\|warner(" > $OUT/gpu_tests.log; tail -6 $OUT/gpu_tests.log
on && W && off
for r in 1 2 3; do T before; on; T after; off; done
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab_mul.log
timeout 240 python3 bench/tune_wgmma.py --shapes 28672x4096,6144x4096,4096x4096,4096x14336 --ms 64,128,256 \
  --sks 1,2 --bms 64,128,256 --reps 15 > $OUT/tune_wgmma_s16_h100.log 2>&1; grep -v "^    " $OUT/tune_wgmma_s16_h100.log
[ $SECONDS -gt 420 ] && exit 0  # the MoE block sizes only with time left in the call
C192=192,1,2,3,1,2
python3 - $C192 <<'PY'
import sys
from nvfp4_jit import cli, marlin, moe
cfgs = [moe._moe_wgmma_config(b) for b in (64, 128, 256)] + [tuple(map(int, sys.argv[1].split(",")))]
specs = [marlin.wgmma_spec("sm_90a", "bf16", g, c, moe=True) for c in cfgs for g in (16, 32)]
specs += [moe.align_spec("sm_90a", b, "int") for b in (64, 128, 192, 256)]
print(len(cli.build_all(specs, jobs=16, progress=False)), "prebuilt")
PY
E="--env NVFP4_JIT_MOE_WGMMA=64 --env NVFP4_JIT_MOE_WGMMA=128 --env NVFP4_JIT_MOE_WGMMA=256 --env NVFP4_JIT_MOE_WGMMA=1,NVFP4_JIT_MOE_WGMMA_CONFIG=$C192"
for mm in "mixtral 1024,4096" "gptoss 2048,8192" "qwen3 4096,8192"; do
  set -- $mm
  timeout 50 python3 bench/ab_env.py --models $1 --ms $2 --reps 5 --rounds 1 $E 2>&1 | tee -a $OUT/tune_moe_wgmma_bm_large.log
done
