"""Decode times under the current template (label first) for a same-machine A/B of template variants: the dense rows
the mma.sync kernel takes at 1..16 tokens (µs, L2 flushed, median of 50) and the fused MoE at 1/4/16 tokens in a CUDA
graph.   python bench/probe/dec_times.py LABEL [--no-moe]"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import moe_cases, route_times, time_graph_us  # noqa: E402

from nvfp4_jit import moe  # noqa: E402

torch.manual_seed(0)
res = route_times("4096x4096,6144x4096,28672x4096,4096x14336,8192x28672", "1,4,8,16", "mma.sync")
if "--no-moe" not in sys.argv:
    for name, M, x, p13, p2, tw, ti in moe_cases("qwen3,gptoss", "1,4,16"):
        res.append(f"{name}/{M}: {time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=50):.1f}")
print(sys.argv[1], " | ".join(res), flush=True)
