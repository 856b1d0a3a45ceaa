# device run (sixth session): the GPU suite on the final code; the MoE PDL bit test on a template whose cursor pin had
# exposed loads hoisted above griddepcontrol.wait, now with ld_dep; decode times; the dense table
# (bench/probe/tmpl_pin_ld_dep.j2, not kept: the final template plus asm volatile("" : "+l"(wc[nt]), "+l"(scur[nt]));
# after the cursors are set up, the variant that had exposed the hoisted loads)
python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider > $OUT/gpu_tests.log 2>&1; tail -3 $OUT/gpu_tests.log
cp templates/marlin_gemm.cu.j2 /tmp/final.j2; cp bench/probe/tmpl_pin_ld_dep.j2 templates/marlin_gemm.cu.j2
python3 -m pytest -q -m gpu tests/test_moe.py -k "pdl" -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/pin_launder_pdl.log
cp /tmp/final.j2 templates/marlin_gemm.cu.j2
python3 bench/probe/dec_times.py final 2>&1 | tee $OUT/dec_final.log
python3 bench/gemm.py --ms 12,16,32 --reps 50 --out $OUT/gemm.md --json $OUT/gemm.json > $OUT/gemm.log 2>&1; tail -2 $OUT/gemm.log
