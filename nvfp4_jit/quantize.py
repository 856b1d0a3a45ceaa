"""GPU NVFP4 quantize (templates/quantize.cu.j2), bit-exact with ``numerics.quantize_nvfp4`` (docs/NUMERICS.md).

    packed, scales, global_scale = quantize_nvfp4(x)          # x bf16/fp16 [..., K] on a CUDA device, K % 16 == 0

One thread per 16-element block; the kernel is memory-bound. The global scale, when not given, is computed on the
GPU by ``numerics.global_scale_for`` (the same torch ops as the reference, hence the same bits).
"""
from __future__ import annotations

import logging

import numpy as np
import torch

from . import jit
from .numerics import NVFP4_GROUP, resolve_global_scale

log = logging.getLogger(__name__)

TEMPLATE = "quantize.cu.j2"
KERNEL = "nvfp4_quantize"
THREADS = 256  # threads per CTA (= 16-element blocks per CTA); matches __launch_bounds__ in the template
DTYPES = {torch.bfloat16: "bf16", torch.float16: "f16"}


def spec(arch: str, dtype: str, four_over_six: bool = False, per_token: bool = False) -> jit.KernelSpec:
    """The kernel variant; per_token means one global scale per row (gs[row]) instead of gs[0]."""
    if dtype not in DTYPES.values():
        raise ValueError(f"dtype must be one of {sorted(DTYPES.values())}, got {dtype!r}")
    return jit.KernelSpec.make(TEMPLATE, KERNEL, arch, dtype=dtype, four_over_six=bool(four_over_six),
                               per_token=bool(per_token))


@jit.register_variants("quantize")
def _variants(arch: str):
    for dtype in ("bf16", "f16"):
        for four_over_six in (False, True):
            for per_token in (False, True):
                yield spec(arch, dtype, four_over_six, per_token)


def _check(x) -> None:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if x.dtype not in DTYPES:
        raise TypeError(f"x must be bfloat16 or float16, got {x.dtype}")
    if x.ndim == 0 or x.shape[-1] % NVFP4_GROUP:
        raise ValueError(f"the last dimension of x must be a multiple of {NVFP4_GROUP}, got shape {tuple(x.shape)}")
    if not x.is_contiguous():
        raise ValueError(f"x must be contiguous (shape {tuple(x.shape)}, strides {x.stride()}); call .contiguous()")
    if x.device.type != "cuda":
        raise ValueError(f"x must be on a CUDA device, got {x.device} (numerics.quantize_nvfp4 runs on CPU)")


def _global_scale(x: torch.Tensor, global_scale, four_over_six: bool, per_token: bool):
    """(gs as numerics returns it: 0-dim or [..., 1], a contiguous float32 copy of it on x's device, per_row)."""
    gs = resolve_global_scale(x, global_scale, four_over_six, per_token)
    return gs, gs.reshape(-1).contiguous(), gs.ndim > 0


def quantize_nvfp4(x: torch.Tensor, global_scale=None, *, four_over_six: bool = False, per_token: bool = False):
    """x [..., K] bf16/fp16 on a CUDA device -> (packed uint8 [..., K/2], scales float8_e4m3fn [..., K/16],
    global_scale float32), bit-exact with ``numerics.quantize_nvfp4``.

    global_scale: None (computed on the GPU: one per tensor, 0-dim; or one per row, [..., 1], with per_token),
    a float, a one-element tensor, or a [..., 1] tensor (one per row). The returned global scale has the
    reference's shape (0-dim or [..., 1]).
    """
    _check(x)
    gs, gs_flat, per_row = _global_scale(x, global_scale, four_over_six, per_token)
    K = x.shape[-1]
    lead = x.shape[:-1]
    packed = torch.empty(*lead, K // 2, dtype=torch.uint8, device=x.device)
    scales = torch.empty(*lead, K // NVFP4_GROUP, dtype=torch.uint8, device=x.device)
    n_blocks = x.numel() // NVFP4_GROUP
    if n_blocks:
        if x.data_ptr() % 16:  # the kernel reads 16-byte vectors; a view at an odd offset gets an aligned copy
            log.debug("nvfp4-jit: quantize input is not 16-byte aligned; copying it")
            x = x.clone()
        k = jit.get_kernel(spec(jit.device_arch(x.device), DTYPES[x.dtype], four_over_six, per_row))
        grid = ((n_blocks + THREADS - 1) // THREADS,)
        k(grid, (THREADS,), (x, gs_flat, packed, scales, np.int64(n_blocks), K // NVFP4_GROUP))
    return packed, scales.view(torch.float8_e4m3fn), gs
