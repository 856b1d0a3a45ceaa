# (needs bench/notes/wgss.diff, wgmma_gw.diff applied, or commit 8d8ffd7)
# thirty-sixth session: "GW" - the wgmma kernel with each consumer warp loading its weights and scales straight from
# global memory into a two-batch register ring (NVFP4_JIT_WGMMA_GW=1; no tensor maps, the producer copies only x):
# A/B against the shipped kernel (graph µs, errors vs the fp32 product), its GPU tests, then the wgss probe
source bench/probe/dev_setup.sh
G=NVFP4_JIT_WGMMA_GW
ab() {  # SHAPES MS
  timeout 150 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $2 --shapes $1 --env $G=0 --env $G=1 2>&1 \
    | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | sed "s/$G=//g" | tee -a $OUT/ab_gw_s36.log
}
ab 28672x4096,8192x28672 16,32,64,128
ab 4096x14336,14336x4096,4096x4096 64,128,256
ab 9216x1024,12288x4096 256,1024
export $G=1
timeout 240 python3 -m pytest -q -x -p no:cacheprovider tests/test_marlin.py -k "wgmma_configs_and_split_k or wgmma_square or wgmma_odd" 2>&1 | grep -E "passed|failed|Error|assert" | tail -5 | tee $OUT/gpu_tests_gw_s36.log
unset $G
P=NVFP4_JIT_WGSS_PROBE
W=14,7,6,1,3
timeout 100 python3 bench/ab_env.py --reps 30 --rounds 2 --ms 64 --shapes 28672x4096 --env NVFP4_JIT_WGSS=0 --env NVFP4_JIT_WGSS=$W --env NVFP4_JIT_WGSS=$W,$P=1 --env NVFP4_JIT_WGSS=$W,$P=2 --env NVFP4_JIT_WGSS=$W,$P=3 2>&1 | grep -v "^NVIDIA\|Traceback\|TypeError\|Exception\|File" | tee -a $OUT/probe_wgss_s36.log
