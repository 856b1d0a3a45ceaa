"""gemm(act=...) off the mma.sync kernel (wgmma / dequantize + cuBLAS paths): the activation after the product, as
the torch ops did it until the thirteenth session against the one-pass "gated" kernel, and the whole call.

    python bench/probe/act_overhead.py
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import device_name, time_us  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

print(device_name())
for inter, K in ((14336, 4096), (3584, 4096)):
    w = NVFP4Weight.quantize(torch.randn(2 * inter, K, device="cuda") * K ** -0.5)
    p = marlin.prepare_weight(w, gate_up=True)
    for M in (64, 256, 1024, 4096):
        x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
        y = marlin.gemm(x, p)
        out = torch.empty(M, inter, device="cuda", dtype=torch.bfloat16)

        def torch_act():
            v = y.view(M, 2 * inter // 32, 2, 16).float()
            out.copy_((F.silu(v[:, :, 0]) * v[:, :, 1]).reshape(M, inter))

        kern = jit.get_kernel(marlin.gated_spec(jit.device_arch(0), "bf16", "silu"))
        pairs = M * inter // 2

        def kernel_act():
            kern((-(-pairs // 256),), (256,), (y, out, np.int64(pairs), inter), device=0)

        torch_act()
        ref = out.clone()
        kernel_act()
        diff = (out.float() - ref.float()).abs().max().item()
        t = [time_us(f, reps=30) for f in (lambda: marlin.gemm(x, p), torch_act, kernel_act,
                                           lambda: marlin.gemm(x, p, act="silu"))]
        print(f"{2 * inter}x{K} M={M} ({marlin.route(M, p.n16, p.kt, jit.device_arch(0))}): gemm {t[0]:.1f} µs, "
              f"torch act {t[1]:.1f}, gated kernel {t[2]:.1f} (max diff {diff:.1e}), gemm(act) {t[3]:.1f}", flush=True)
