"""A/B of the dense mma.sync kernel built for PDL ("chain") against the kernel before (marlin.DENSE_PDL = False),
one GEMM at a time (eager and in a CUDA graph, L2 flushed): what the chain code costs where there is no chain.
    python bench/probe/pdl_dense_ab.py [--shapes ...] [--ms ...] [--reps 50]"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import gemm_cases, time_graph_us, time_us, tuning_parser  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402

args = tuning_parser("4096x4096,6144x4096,28672x4096,4096x14336,8192x28672", "1,4,16,32", "1").parse_args()


def variant(on: bool):
    marlin.DENSE_PDL = on
    marlin.gemm_spec.cache_clear()


for N, K, p, _, M, x, ref, out in gemm_cases(args.shapes, args.ms):
    t = {}
    for rnd in range(2):  # A B A B: drift shows as a difference between the rounds
        for on in (False, True):
            variant(on)
            marlin.gemm(x, p, out=out)
            torch.cuda.synchronize()
            rel = ((out.float() - ref).norm() / ref.norm()).item()
            assert rel < 1e-2, rel
            t.setdefault(on, []).append((time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps),
                                         time_graph_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps)))
    f = lambda v: "/".join(f"{a:.1f}" for a, _ in v) + " graph " + "/".join(f"{b:.1f}" for _, b in v)  # noqa: E731
    print(f"{p.n}x{p.k} M={M}: old {f(t[False])}  chain {f(t[True])}", flush=True)
variant(True)
