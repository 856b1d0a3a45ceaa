"""Times of the default dispatch on the wgmma-routed GEMM rows (label first): run once per template variant for a
same-machine A/B.   python bench/probe/wg_times.py LABEL"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import route_times  # noqa: E402

res = route_times("4096x4096,6144x4096,28672x4096,4096x14336,8192x28672", "64,128,256,1024", "wgmma")
print(sys.argv[1], " | ".join(res), flush=True)
