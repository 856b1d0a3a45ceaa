# twenty-seventh session: the "big" tile split by the busiest SM's load (marlin._big_split, _sm_load): the GPU suite
# (gpu_tests_s27c.log), then every layer / token count where the rule changes the config (bench/probe/s27c_cases.txt:
# "shape M old new", made on the CPU from the previous commit's choose_wgmma) old vs new vs cuBLAS bf16
# (ab_big_s27c.log)
set -u
. bench/probe/dev_setup.sh
date +%T; python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -4 | tee $OUT/gpu_tests_s27c.log
date +%T
while read sh m old new; do
  timeout 40 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_WGMMA_CONFIG=$old \
    --env NVFP4_JIT_WGMMA_CONFIG=$new 2>&1 | grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' \
    | tee -a $OUT/ab_big_s27c.log
done < bench/probe/s27c_cases.txt
date +%T
