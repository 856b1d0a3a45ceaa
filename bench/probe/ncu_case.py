import sys, torch
sys.path.insert(0, ".")
from nvfp4_jit import marlin
from nvfp4_jit.numerics import NVFP4Weight
N, K, M = map(int, sys.argv[1:4])
p = marlin.prepare_weight(NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * 0.02))
x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
for _ in range(3):
    marlin.gemm(x, p)
torch.cuda.synchronize()
