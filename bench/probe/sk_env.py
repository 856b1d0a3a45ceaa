"""ab_env.py arguments forcing wgmma tile configs with the split K the dispatch would give them
(marlin.wgmma_split_k).

    python bench/probe/sk_env.py 28672x4096 16 16,1,1,4,4,2 16,1,2,4,2,2   -> --env NVFP4_JIT_WGMMA=1,... (one per cfg)
"""
import sys

sys.path.insert(0, ".")
from nvfp4_jit import marlin  # noqa: E402

shape, M, cfgs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
N, K = map(int, shape.split("x"))
n16, kt, sms = -(-N // 16), -(-K // 64), 132
out = []
for c in cfgs:
    cfg = tuple(int(v) for v in c.split(","))
    sk = marlin.wgmma_split_k(cfg, M, n16, kt, sms)
    out.append("--env NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=" + ",".join(map(str, (*cfg[:4], sk, *cfg[4:]))))
print(" ".join(out))
