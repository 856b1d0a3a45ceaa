# device run (planned in the fourteenth session, which had no device; H100): the wgmma consumer loop unrolled over a
# stage's batches (bench/notes/wgmma_static_loop.diff: ~22-32% fewer SASS instructions per super-tile in every
# shipped config, bench/notes/wgmma_static_loop_sass.txt) and the MoE prefill path's early release of its buffers
# (bench/notes/moe_prefill_early_free.diff, applied to both versions). The GPU suite with both patches, then graph
# µs of the wgmma rows (dense M = 64..1024, MoE prefill) before / after the loop patch, alternating, two runs each.
set -u
patch -s -p1 < bench/notes/moe_prefill_early_free.diff || git apply bench/notes/moe_prefill_early_free.diff
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
P=bench/notes/wgmma_static_loop.diff
on() { patch -s -p1 < $P || git apply $P; }
off() { patch -s -R -p1 < $P || git apply -R $P; }
T="timeout 150 python3 bench/probe/time_rows.py --reps 30"
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
$T --tag before --out $OUT/before.jsonl 2>&1 | tee $OUT/time_rows.log
on && python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -3
$T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows.log
off && $T --tag before --out $OUT/before.jsonl 2>&1 | tee -a $OUT/time_rows.log
on && $T --tag after --out $OUT/after.jsonl 2>&1 | tee -a $OUT/time_rows.log
python3 bench/probe/time_rows.py --compare $OUT/before.jsonl $OUT/after.jsonl | tee $OUT/ab_static_loop.log
