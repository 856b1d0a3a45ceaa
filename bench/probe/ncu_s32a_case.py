"""One NVFP4 GEMM (marlin.gemm, the tile from NVFP4_JIT_WGMMA_CONFIG) or, without the last argument, the cuBLAS bf16
GEMM of the same size, run three times: the case dev_s32a.sh profiles.   python ncu_s32a_case.py N K M [nvfp4]"""
import sys

import torch

sys.path.insert(0, ".")
from nvfp4_jit import marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

N, K, M = map(int, sys.argv[1:4])
w = torch.randn(N, K, device="cuda") * 0.02
x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
if len(sys.argv) > 4:
    p = marlin.prepare_weight(NVFP4Weight.quantize(w))
    fn = lambda: marlin.gemm(x, p)  # noqa: E731
else:
    wb = w.to(torch.bfloat16)
    fn = lambda: torch.matmul(x, wb.t())  # noqa: E731
for _ in range(3):
    fn()
torch.cuda.synchronize()
