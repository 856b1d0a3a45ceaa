# the shortest device call: the GPU suite with all four prepared patches applied (the gate for landing them)
set -u
for q in gated_helper moe_prefill_early_free wgmma_static_loop dequant_mul; do patch -s -p1 < bench/notes/$q.diff; done
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 220 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -15
