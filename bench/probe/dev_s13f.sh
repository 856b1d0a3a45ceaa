# device run (thirteenth session, 6; H100): tile configs of the MoE prefill path (NVFP4_JIT_MOE_WGMMA_CONFIG) at
# prefill sizes, against the shipped (64, 1, 2, 2, 2, 4) and the grouped mma.sync GEMMs.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
C="64,1,2,2,2,4 64,1,2,4,1,4 64,1,1,4,1,4,2 128,1,2,4,1,2 128,1,2,3,1,3 256,1,2,3,1,2 64,2,1,4,1,4,2 64,1,2,3,2,2"
python3 - $C <<'PY'
import sys
from nvfp4_jit import cli, marlin, moe
cfgs = [tuple(map(int, c.split(","))) for c in sys.argv[1:]]
specs = [marlin.wgmma_spec("sm_90a", "bf16", g, c, moe=True) for c in cfgs for g in (16, 32)]
specs += [moe.align_spec("sm_90a", b, "int") for b in (128, 256)]
print(len(cli.build_all(specs, jobs=16, progress=False)), "prebuilt")
PY
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
ENVS=""
for c in $C; do ENVS="$ENVS --env NVFP4_JIT_MOE_WGMMA=1,NVFP4_JIT_MOE_WGMMA_CONFIG=$c"; done
timeout 400 python3 bench/ab_env.py --models mixtral,gptoss,qwen3 --ms 64,256,1024 --reps 15 \
  --env NVFP4_JIT_MOE_WGMMA=0 $ENVS 2>&1 | tee $OUT/tune_moe_wgmma_cfg.log
