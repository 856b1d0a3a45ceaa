# device run: RING_M16_WIDE with the unrolled ring loop at MINB 2 (new) / 3 / 4 stages / WN 2, against HEAD's loop
# (old); then the register pipeline with its cursors pinned in registers (pin) against without (new) and HEAD (old)
# (the pinned-cursor template pin.j2 was the working copy then: the cursors set up, then
# asm volatile("" : "+l"(wc[nt]), "+l"(scur[nt])); bench/probe/tmpl_ring.j2 the ring-only template; neither kept)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
cp templates/marlin_gemm.cu.j2 /tmp/pin.j2
cp bench/probe/tmpl_ring.j2 /tmp/new.j2
git show HEAD:templates/marlin_gemm.cu.j2 > /tmp/old.j2
cp /tmp/pin.j2 templates/marlin_gemm.cu.j2
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
for r in 1 2; do
  cp /tmp/new.j2 templates/marlin_gemm.cu.j2
  python3 bench/probe/ring_times.py new; python3 bench/probe/ring_times.py new_minb3 2,2,1,8,1,0,3,3
  python3 bench/probe/ring_times.py new_cpa4 2,2,1,8,1,0,2,4; python3 bench/probe/ring_times.py new_wn2 2,2,2,4,1,0,2,3
  cp /tmp/old.j2 templates/marlin_gemm.cu.j2
  python3 bench/probe/ring_times.py old 2,2,1,8,1,0,0,3
done 2>&1 | tee $OUT/ab_ring2.log
for r in 1 2; do
  for v in pin new old; do cp /tmp/$v.j2 templates/marlin_gemm.cu.j2; python3 bench/probe/dec_times.py $v; done
done 2>&1 | tee $OUT/ab_pin.log
cp /tmp/pin.j2 templates/marlin_gemm.cu.j2
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
