"""A/B of the wgmma kernel's batch size U (super-tiles per wgmma commit group, 8th config element): the default
dispatch's config and split K with U = 1 (shipped) against the same with U = 2 where S is even, interleaved rounds,
each run checked against the fp32 reference.

    python bench/probe/ab_wgmma_u.py [--shapes ...] [--ms 64,128,256] [--rounds 2] [--reps 30]
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import device_name, gemm_cases, sweep  # noqa: E402

from nvfp4_jit import cli, jit, marlin  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--shapes", default="4096x4096,6144x4096,14336x4096,28672x4096,4096x14336,8192x28672")
ap.add_argument("--ms", default="64,128,256,1024")
ap.add_argument("--rounds", type=int, default=2)
ap.add_argument("--reps", type=int, default=30)
args = ap.parse_args()
arch = jit.device_arch(0)
twins = {c: (*marlin._wgmma_full(c)[:7], 2) for c in marlin.WGMMA_CONFIGS.values()
         if marlin._wgmma_full(c)[5] % 2 == 0 and c != marlin.WGMMA_CONFIGS["m64"]}  # (m64: spills with U = 2)
cli.build_all([marlin.wgmma_spec(arch, "bf16", 16, c) for c in twins.values()], progress=False)
print(f"{device_name()}; µs, median of {args.reps} runs per round, L2 flushed; U = 1 (shipped) vs U = 2", flush=True)
for N, K, p, _, M, x, ref, out in gemm_cases(args.shapes, args.ms):
    if marlin.route(M, p.n16, p.kt, arch) != "wgmma":
        continue
    cfg, sk = marlin.choose_wgmma(M, p.n16, p.kt, torch.cuda.get_device_properties(0).multi_processor_count)
    if cfg not in twins:
        print(f"{N}x{K} M={M}: {cfg} has no U = 2 twin", flush=True)
        continue
    settings = []
    for c in (cfg, twins[cfg]):
        env = {"NVFP4_JIT_WGMMA": "1", "NVFP4_JIT_WGMMA_CONFIG": ",".join(map(str, (*c[:4], sk, *c[4:])))}
        settings.append((c, env))
    rows = {c: [] for c, _ in settings}
    for _ in range(args.rounds):
        for t, c, err in sweep(lambda: marlin.gemm(x, p, out=out), out, ref, settings, reps=args.reps):
            rows[c].append(t)
            assert err < 1e-2, (c, err)
    t1, t2 = (min(rows[c]) for c, _ in settings)
    print(f"{N}x{K} M={M}: {cfg} SK {sk}: U=1 {t1:.1f}  U=2 {t2:.1f}  ({(t2 / t1 - 1) * 100:+.1f}%)  "
          f"rounds {[round(v, 1) for v in rows[cfg]]} / {[round(v, 1) for v in rows[twins[cfg]]]}", flush=True)
