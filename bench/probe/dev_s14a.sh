# device run (fourteenth session, 1; H100): (1) the GPU suite after the gated activation became one template helper
# and the MoE prefill path hands its buffers back early (the script applies bench/notes/moe_prefill_early_free.diff
# to the device copy; not landed: no device in the fourteenth session);
# (2) MoE prefill block sizes at larger batches (256-1024+ pairs per expert), where 64-slot blocks re-stream each
# expert's weights many times: BM 64 / 128 / 256 / 192 (NVFP4_JIT_MOE_WGMMA[_CONFIG]).
set -u
git apply bench/notes/moe_prefill_early_free.diff || echo 'early-free patch did not apply'
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH=$PWD:/tmp/site NVFP4_JIT_CACHE_DIR=/tmp/nvfp4-jit-cache PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader | tee $OUT/gpu.txt
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
C192=192,1,2,3,1,2
python3 - $C192 <<'PY' &
import sys
from nvfp4_jit import cli, marlin, moe
cfgs = [moe._moe_wgmma_config(128), moe._moe_wgmma_config(256), tuple(map(int, sys.argv[1].split(",")))]
specs = [marlin.wgmma_spec("sm_90a", "bf16", g, c, moe=True) for c in cfgs for g in (16, 32)]
specs += [moe.align_spec("sm_90a", b, "int") for b in (128, 192, 256)]
res = cli.build_all(specs, jobs=8, progress=False)
print(len(res), "prebuilt")
PY
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tee $OUT/gpu_tests.log | tail -3
wait
E="--env NVFP4_JIT_MOE_WGMMA=64 --env NVFP4_JIT_MOE_WGMMA=128 --env NVFP4_JIT_MOE_WGMMA=256 --env NVFP4_JIT_MOE_WGMMA=1,NVFP4_JIT_MOE_WGMMA_CONFIG=$C192"
for mm in "mixtral 1024,2048,4096" "gptoss 2048,4096,8192" "qwen3 4096,8192"; do
  set -- $mm
  timeout 150 python3 bench/ab_env.py --models $1 --ms $2 --reps 10 $E 2>&1 | tee -a $OUT/tune_moe_wgmma_bm_large.log
done
