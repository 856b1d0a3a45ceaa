"""One fused_moe call for Nsight Compute: warm up, then profile only the third call (cudaProfilerStart/Stop; run
ncu with --profile-from-start off).

    ncu --profile-from-start off ... python bench/probe/ncu_moe_case.py qwen3 4
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import moe_cases  # noqa: E402

from nvfp4_jit import moe  # noqa: E402

name, M = sys.argv[1], sys.argv[2]
for _, _, x, p13, p2, tw, ti in moe_cases(name, M):
    for _ in range(2):
        moe.fused_moe(x, p13, p2, tw, ti)
    torch.cuda.synchronize()
    torch.cuda.profiler.start()
    moe.fused_moe(x, p13, p2, tw, ti)
    torch.cuda.synchronize()
    torch.cuda.profiler.stop()
