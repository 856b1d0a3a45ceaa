# device run (thirteenth session, 8; H100): block sizes below / around 64 slots for the MoE prefill path
# (NVFP4_JIT_MOE_WGMMA_CONFIG with BM 32 / 48 / 96), where experts get few pairs each (Qwen3: 64 pairs per expert at
# 1024 tokens, so blocks of 64 are ~40% padding).
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
C="64,1,2,2,2,4 32,1,2,2,2,4 32,1,2,3,2,4 48,1,2,2,2,4 96,1,2,2,2,2"
python3 - $C <<'PY'
import sys
from nvfp4_jit import cli, marlin, moe
cfgs = [tuple(map(int, c.split(","))) for c in sys.argv[1:]]
specs = [marlin.wgmma_spec("sm_90a", "bf16", g, c, moe=True) for c in cfgs for g in (16, 32)]
specs += [moe.align_spec("sm_90a", b, "int") for b in (32, 48, 64, 96)]
specs += [marlin.xperm_spec("sm_90a", True, a, "bf16") for a in ("", "silu")]
res = cli.build_all(specs, jobs=16, progress=False)
print(len(res), "prebuilt", [r[0].label() for r in res if r[3]])
PY
ENVS=""
for c in $C; do ENVS="$ENVS --env NVFP4_JIT_MOE_WGMMA=1,NVFP4_JIT_MOE_WGMMA_CONFIG=$c"; done
timeout 300 python3 bench/ab_env.py --models qwen3,gptoss,mixtral --ms 256,1024 --reps 15 $ENVS 2>&1 | tee $OUT/tune_moe_wgmma_bm_small.log
