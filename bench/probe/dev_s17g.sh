# seventeenth session (ran; the variant then landed as the default up to 256 tokens): the NVFP4_JIT_WGMMA_TMAP=1
# wgmma variant (a stage's weights and scales as one 3-D tensor-map copy each instead of 8 + 8 bulk copies):
# bit-identical outputs against the bulk-copy kernel, then graph µs TMAP 0 / 1 at 64-256 tokens
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
python3 - <<'PY'
from nvfp4_jit import marlin, cli
specs = [marlin.wgmma_spec("sm_90a", dt, g, c, tmap=True) for dt in ("bf16", "f16") for g in (16, 32)
         for c in marlin.WGMMA_CONFIGS.values() if c[1] == 1]
print(len(cli.build_all(specs, jobs=16, progress=False)), "TMAP variants built")
PY
timeout 100 python3 bench/probe/env_check.py NVFP4_JIT_WGMMA_TMAP 1 0 > $OUT/tmap_check.log 2>&1; grep -c "^ok" $OUT/tmap_check.log; grep -v "^ok" $OUT/tmap_check.log | tail -8
timeout 80 python3 bench/ab_env.py --env NVFP4_JIT_WGMMA_TMAP=0 --env NVFP4_JIT_WGMMA_TMAP=1 --ms 64,128,256 --reps 20 \
  2>&1 | tee $OUT/ab_tmap.log
