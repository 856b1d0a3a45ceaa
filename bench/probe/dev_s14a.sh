# device run (planned in the fourteenth session, which had no device; H100; after dev_s14b.sh): MoE prefill block
# sizes at larger batches (256-1024+ pairs per expert), where 64-slot blocks re-stream each expert's weights many
# times: BM 64 / 128 / 256 / 192 (NVFP4_JIT_MOE_WGMMA[_CONFIG]), graph µs, alternating settings. If
# bench/notes/wgmma_static_loop.diff landed, this measures the kernels with it.
set -u
. bench/probe/dev_setup.sh
C192=192,1,2,3,1,2
python3 - $C192 <<'PY'
import sys
from nvfp4_jit import cli, marlin, moe
cfgs = [moe._moe_wgmma_config(b) for b in (64, 128, 256)] + [tuple(map(int, sys.argv[1].split(",")))]
specs = [marlin.wgmma_spec("sm_90a", "bf16", g, c, moe=True) for c in cfgs for g in (16, 32)]
specs += [moe.align_spec("sm_90a", b, "int") for b in (64, 128, 192, 256)]
specs += [marlin.xperm_spec("sm_90a", True, a, "bf16") for a in ("", "silu")]
specs += [moe.sum_spec("sm_90a", "bf16", "int")]
res = cli.build_all(specs, jobs=16, progress=False)
print(len(res), "prebuilt")
PY
E="--env NVFP4_JIT_MOE_WGMMA=64 --env NVFP4_JIT_MOE_WGMMA=128 --env NVFP4_JIT_MOE_WGMMA=256 --env NVFP4_JIT_MOE_WGMMA=1,NVFP4_JIT_MOE_WGMMA_CONFIG=$C192"
for mm in "mixtral 1024,2048,4096" "gptoss 2048,4096,8192" "qwen3 4096,8192"; do
  set -- $mm
  timeout 170 python3 bench/ab_env.py --models $1 --ms $2 --reps 10 $E 2>&1 | tee -a $OUT/tune_moe_wgmma_bm_large.log
done
