"""Blackwell-native NVFP4 linear layer (W4A4) on cuBLASLt's FP4 GEMM, reached through ``torch._scaled_mm``.

    prepared = prepare_weight(NVFP4Weight)      # once: weight scales -> swizzled 128x4 layout
    out = gemm(x, prepared, bias=None)          # x quantized to NVFP4 on the GPU, FP4 x FP4 GEMM, * global scales

Per call: the activation is quantized with the JIT quantize kernel (``torch.ops.nvfp4_jit.quantize``) using the
checkpoint's static ``input_scale`` as its global scale, or a dynamic per-tensor one when there is none, or per token
(``per_token=True``), optionally with 4over6 block scaling; its block scales are swizzled; cuBLASLt multiplies
FP4 x FP4 with the E4M3 block scales (output bf16, whose range holds the unscaled sums); the result is multiplied in
float32 by the product of the two global scales, the bias added, and cast to x's dtype.

Verified only on Blackwell (SM100/SM120) hardware: the scaled-matmul call needs FP4 tensor cores. The quantize and
swizzle steps run (and are tested) on any GPU, the swizzle also on CPU, and the whole call traces on the meta device.

Swizzled ("blocked") scale layout, the one cuBLASLt / CUTLASS read for 1x16 block scaling (a scale matrix S of
``rows`` x ``cols`` = K/16, e.g. rows = M for the activation, N for the weight):
  * S is zero-padded to R = roundup(rows, 128) rows and C = roundup(cols, 4) columns and cut into 128 x 4 tiles;
  * tiles are stored row-tile major, 512 bytes each: tile (rb, cb) starts at byte (rb * C/4 + cb) * 512;
  * inside a tile, row r = 32 i + j (i in 0..3, j in 0..31) and column c (0..3) go to byte j * 16 + i * 4 + c,
    i.e. the 32 rows j, j+32, j+64, j+96 of one 4-column slice share a 16-byte line.
So S[row, col] lives at ``blocked_offset(row, col, cols)``.
"""
from __future__ import annotations

import dataclasses

import torch

from .numerics import NVFP4Weight


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


def blocked_offset(row, col, cols: int):
    """Flat offset of scale [row, col] in the swizzled layout (ints or integer tensors); the layout's definition."""
    rb, r = row // 128, row % 128
    cb, c = col // 4, col % 4
    return (rb * _ceil(cols, 4) + cb) * 512 + (r % 32) * 16 + (r // 32) * 4 + c


def blocked_numel(rows: int, cols: int) -> int:
    return _ceil(rows, 128) * 128 * _ceil(cols, 4) * 4


def swizzle_scales(scales: torch.Tensor) -> torch.Tensor:
    """[rows, cols] block scales (any 1-byte dtype) -> flat [blocked_numel] tensor of the same dtype, swizzled."""
    rows, cols = scales.shape
    R, C = _ceil(rows, 128), _ceil(cols, 4)
    s = scales.view(torch.uint8)
    s = torch.nn.functional.pad(s, (0, C * 4 - cols, 0, R * 128 - rows))
    # [R, 128, C, 4] -> [R, C, 128 = (i, j), 4] -> [R, C, j, i, c]
    s = s.view(R, 4, 32, C, 4).permute(0, 3, 2, 1, 4)
    return s.reshape(-1).view(scales.dtype)


def unswizzle_scales(flat: torch.Tensor, rows: int, cols: int) -> torch.Tensor:
    """Inverse of ``swizzle_scales``: flat swizzled scales -> [rows, cols]."""
    R, C = _ceil(rows, 128), _ceil(cols, 4)
    s = flat.view(torch.uint8).view(R, C, 32, 4, 4).permute(0, 3, 2, 1, 4)  # [R, i, j, C, c]
    return s.reshape(R * 128, C * 4)[:rows, :cols].contiguous().view(flat.dtype)


@dataclasses.dataclass
class NativeWeight:
    """An NVFP4 weight ready for the native GEMM: checkpoint-layout packed codes + swizzled block scales."""

    packed: torch.Tensor  # uint8 [N, K/2], element 2i in the low nibble (= torch.float4_e2m1fn_x2 layout)
    scales: torch.Tensor  # float8_e4m3fn [blocked_numel(N, K/16)], swizzled
    global_scale: torch.Tensor  # float32 [1] (ModelOpt weight_scale_2: multiply)
    n: int
    k: int
    input_scale: torch.Tensor | None = None  # float32 [1] static activation global scale (multiply) or None

    @property
    def device(self) -> torch.device:
        return self.packed.device


def check_shape(n: int, k: int, fmt: str = "nvfp4") -> str | None:
    """Why an [n, k] weight cannot use the native GEMM, or None if it can."""
    if fmt != "nvfp4":
        return f"the native path runs NVFP4 only (got {fmt})"
    if k % 32 or n % 16:
        return f"cuBLASLt FP4 GEMMs need K % 32 == 0 and N % 16 == 0 (got N={n}, K={k})"
    return None


def prepare_weight(w: NVFP4Weight, device=None) -> NativeWeight:
    """Swizzle the weight's block scales once, at load time."""
    n, k = w.shape
    if (why := check_shape(n, k, w.fmt)) is not None:
        raise ValueError(why)
    device = torch.device(device) if device is not None else w.packed.device
    gs = w.global_scale.to(device=device, dtype=torch.float32).reshape(1)
    ins = None if w.input_scale is None else w.input_scale.to(device=device, dtype=torch.float32).reshape(1)
    scales = w.scales.to(device)
    if scales.dtype != torch.float8_e4m3fn:
        scales = scales.view(torch.float8_e4m3fn)
    return NativeWeight(w.packed.to(device).contiguous(), swizzle_scales(scales), gs, n, k, ins)


def to_nvfp4_weight(w: NativeWeight) -> NVFP4Weight:
    """Back to the checkpoint layout (exact)."""
    scales = unswizzle_scales(w.scales, w.n, w.k // 16)
    return NVFP4Weight.from_modelopt(w.packed, scales, w.global_scale.reshape(()), w.input_scale)


def _require_fp4_mm():
    if not hasattr(torch, "float4_e2m1fn_x2") or not hasattr(torch, "_scaled_mm"):
        raise RuntimeError(f"torch {torch.__version__} has no FP4 scaled matmul (torch.float4_e2m1fn_x2 and "
                           f"torch._scaled_mm, torch >= 2.8 with CUDA >= 12.8); use the marlin backend "
                           f"(NVFP4_JIT_BACKEND=marlin)")


def gemm(x: torch.Tensor, w: NativeWeight, bias: torch.Tensor | None = None, *, per_token: bool = False,
         four_over_six: bool = False) -> torch.Tensor:
    """out[..., N] = x[..., K] @ W^T (+ bias) with x quantized to NVFP4 (W4A4); in x's dtype.

    The activation's global scale is ``w.input_scale`` when present and ``per_token`` is False, else dynamic
    (per tensor, or per row with ``per_token=True``)."""
    if x.shape[-1] != w.k:
        raise ValueError(f"x has K={x.shape[-1]} but the weight has K={w.k}")
    return linear(x, w.packed, w.scales, w.global_scale, w.input_scale, w.n, bias, per_token=per_token,
                  four_over_six=four_over_six)


def linear(x: torch.Tensor, packed: torch.Tensor, scales: torch.Tensor, global_scale: torch.Tensor,
           input_scale: torch.Tensor | None, n: int, bias: torch.Tensor | None = None, *, per_token: bool = False,
           four_over_six: bool = False) -> torch.Tensor:
    """``gemm`` on a NativeWeight's tensors (what NVFP4Linear calls; torch.compile traces it without breaks)."""
    _require_fp4_mm()
    k = packed.shape[1] * 2
    lead = x.shape[:-1]
    x2 = x.reshape(-1, k).contiguous()
    gs_in = None if per_token else input_scale
    qx, sx, gs = torch.ops.nvfp4_jit.quantize(x2, gs_in, four_over_six, per_token)
    fp4 = torch.float4_e2m1fn_x2
    y = torch._scaled_mm(qx.view(fp4), packed.view(fp4).t(), swizzle_scales(sx), scales, out_dtype=torch.bfloat16)
    y = y.float() * (gs.reshape(-1, 1) * global_scale)  # [1, 1] or [M, 1] (per token) times the weight's scale
    if bias is not None:
        y = y + bias.float()
    return y.to(x.dtype).reshape(*lead, n)
