"""Timing-only probe of the SM90a wgmma kernel: which copies limit it at 64..1024 tokens? (thirteenth session; since
the twenty-first it needs bench/notes/wgmma_traffic_probe_s21.diff applied, the same variants for the tensor-map
kernel: git apply bench/notes/wgmma_traffic_probe_s21.diff; the thirteenth session's wgmma_traffic_probe.diff fits
that session's tree only)

Variants (template variable ``probe``, set through NVFP4_JIT_WGMMA_PROBE; results are WRONG except for the
baseline, only the times matter): "" the shipped kernel, "x2" every x copy moves half its bytes (L2 -> SM traffic of
x halved), "nx" no x copies (x from L2 gone), "nw" no weight / scale copies (HBM traffic gone). Same tile config and
split K as the dispatch picks.

    python bench/probe/wgmma_traffic.py --cases 28672x4096:64,6144x4096:256
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import device_name, env_overrides, gemm_cases, time_us  # noqa: E402

from nvfp4_jit import cli, marlin  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--cases", default="28672x4096:64,8192x28672:64,4096x14336:64,6144x4096:256,4096x4096:256,"
                "28672x4096:1024")
ap.add_argument("--reps", type=int, default=30)
ap.add_argument("--variants", default=",x2,nx,nw")
args = ap.parse_args()
print(device_name())
sms = torch.cuda.get_device_properties(0).multi_processor_count
cases = [(tuple(map(int, c.split(":")[0].split("x"))), int(c.split(":")[1])) for c in args.cases.split(",")]
cfgs = {marlin.choose_wgmma(m, n // 16, k // 64, sms)[0] for (n, k), m in cases}
cli.build_all([marlin.wgmma_spec(marlin.WGMMA_ARCH, "bf16", 16, c, tmap=marlin.use_tmap(c, True), probe=v)
               for c in cfgs for v in args.variants.split(",")], progress=False)  # in parallel
for case in args.cases.split(","):
    shape, m = case.split(":")
    for N, K, p, wd, M, x, ref, out in gemm_cases(shape, m):
        cfg = marlin.choose_wgmma(M, p.n16, p.kt, sms)
        row = []
        for v in args.variants.split(","):
            with env_overrides({"NVFP4_JIT_WGMMA": "1", "NVFP4_JIT_WGMMA_PROBE": v}):
                out.fill_(float("nan"))
                marlin.gemm(x, p, out=out)
                err = ((out.float() - ref).norm() / ref.norm()).item()
                ts = [time_us(lambda: marlin.gemm(x, p, out=out), reps=args.reps) for _ in range(2)]
                row.append(f"{v or 'base'} {min(ts):7.1f}" + (f" (err {err:.1e})" if not v else ""))
        print(f"{N}x{K} M={M} cfg={cfg}: " + "  ".join(row), flush=True)
