"""torch.library custom ops ``torch.ops.nvfp4_jit.*``, registered when ``nvfp4_jit`` is imported.

    gemm(x, wq, sc, gscale, gscale_host, n, k, group, bias=None, act="") -> out   Marlin W4A16 GEMM (marlin.gemm)
    quantize(x, global_scale=None, four_over_six=False, per_token=False)    GPU NVFP4 quantize (quantize.py)
        -> (packed uint8 [..., K/2], scales float8_e4m3fn [..., K/16], gs float32 [1] or [..., 1] per token)
    moe(x, w13_wq, w13_sc, w13_gscale, w2_wq, w2_sc, w2_gscale, topk_weights, topk_ids, n13, inter, group,
        activation="silu", expert_offset=0, gate_up=False, w13_bias=None, w2_bias=None) -> out [M, H]
                                                                          fused MoE (moe.fused_moe)

Every op has a fake (meta) implementation, so torch.compile(fullgraph=True) traces through it and CUDA-graph
capture works once the kernels are compiled (run each op once before capturing). The ops take the prepared weights'
tensors (see marlin.PreparedWeight / moe.PreparedMoEWeight) plus their int metadata; ``linear(x, prepared, bias)``
and ``fused_moe(x, w13, w2, ...)`` call them with a prepared weight. Importing this module imports neither CuPy nor the kernels.
"""
from __future__ import annotations

from typing import Optional

import torch
from torch import Tensor

_FMT = {16: "nvfp4", 32: "mxfp4"}


def _prepared(wq, sc, gscale, gscale_host, n, k, group, gate_up=False):
    from . import marlin

    if group not in _FMT:
        raise ValueError(f"group must be 16 (NVFP4) or 32 (MXFP4), got {group}")
    return marlin.PreparedWeight(wq, sc, gscale, gscale_host, n, k, _FMT[group], group, gate_up)


# ----------------------------------------------------------------------------------------------------- gemm
@torch.library.custom_op("nvfp4_jit::gemm", mutates_args=())
def gemm(x: Tensor, wq: Tensor, sc: Tensor, gscale: Tensor, gscale_host: float, n: int, k: int, group: int,
         bias: Optional[Tensor] = None, act: str = "") -> Tensor:
    """out[..., n] = x[..., k] @ W^T (+ bias) with W in the Marlin prepared layout; act "silu" / "gelu" (W prepared
    with gate_up=True, no bias): out[..., n / 2] = act(x @ gate^T) * (x @ up^T)."""
    from . import marlin

    return marlin.gemm(x, _prepared(wq, sc, gscale, gscale_host, n, k, group, bool(act)), bias, act=act or None)


@gemm.register_fake
def _(x, wq, sc, gscale, gscale_host, n, k, group, bias=None, act=""):
    torch._check(x.shape[-1] == k, lambda: f"x has K={x.shape[-1]} but the weight has K={k}")
    return x.new_empty((*x.shape[:-1], n // 2 if act else n))


def linear(x: Tensor, w, bias: Optional[Tensor] = None, act: Optional[str] = None) -> Tensor:
    """``marlin.gemm(x, w, bias, act=act)`` through the op (for torch.compile / CUDA graphs); w a
    marlin.PreparedWeight."""
    if act and not w.gate_up:
        raise ValueError("act needs a [gate; up] weight prepared with prepare_weight(..., gate_up=True)")
    return torch.ops.nvfp4_jit.gemm(x, w.wq, w.sc, w.gscale, float(w.gscale_host), w.n, w.k, w.group, bias,
                                    act or "")


# ------------------------------------------------------------------------------------------------- quantize
@torch.library.custom_op("nvfp4_jit::quantize", mutates_args=())
def quantize(x: Tensor, global_scale: Optional[Tensor] = None, four_over_six: bool = False,
             per_token: bool = False) -> tuple[Tensor, Tensor, Tensor]:
    """NVFP4-quantize x[..., K] on the GPU (see docs/NUMERICS.md)."""
    from .quantize import quantize_nvfp4

    packed, scales, gs = quantize_nvfp4(x, global_scale, four_over_six=four_over_six, per_token=per_token)
    if scales.dtype != torch.float8_e4m3fn:
        scales = scales.view(torch.float8_e4m3fn)
    # a fixed output contract whatever shape quantize_nvfp4 gives gs; never alias the input global_scale
    gs = gs.to(torch.float32).reshape(_gs_shape(x, global_scale, per_token))
    if global_scale is not None:
        gs = gs.clone()
    return packed.view(torch.uint8), scales, gs


def _gs_shape(x, global_scale, per_token):
    """[..., 1] for per-row scales (per_token without a given scale, or a given per-row scale), else [1]."""
    per_row = per_token if global_scale is None else global_scale.numel() != 1
    return (*x.shape[:-1], 1) if per_row else (1,)


@quantize.register_fake
def _(x, global_scale=None, four_over_six=False, per_token=False):
    K = x.shape[-1]
    torch._check(K % 16 == 0, lambda: f"NVFP4 quantize needs K % 16 == 0, got K={K}")
    lead = x.shape[:-1]
    return (x.new_empty((*lead, K // 2), dtype=torch.uint8),
            x.new_empty((*lead, K // 16), dtype=torch.float8_e4m3fn),
            x.new_empty(_gs_shape(x, global_scale, per_token), dtype=torch.float32))


# ------------------------------------------------------------------------------------------------------ moe
@torch.library.custom_op("nvfp4_jit::moe", mutates_args=())
def moe(x: Tensor, w13_wq: Tensor, w13_sc: Tensor, w13_gscale: Tensor, w2_wq: Tensor, w2_sc: Tensor,
        w2_gscale: Tensor, topk_weights: Tensor, topk_ids: Tensor, n13: int, inter: int, group: int,
        activation: str = "silu", expert_offset: int = 0, gate_up: bool = False, w13_bias: Optional[Tensor] = None,
        w2_bias: Optional[Tensor] = None) -> Tensor:
    """Fused MoE: w13 [E, n13 = 2*inter (gated) or inter, H], w2 [E, H, inter], both Marlin-prepared
    (gate_up: w13 prepared with moe.prepare_moe_weight(..., gate_up=True)); optional expert biases [E, n13], [E, H]."""
    from . import moe as _moe

    w13, w2 = _moe_weights(w13_wq, w13_sc, w13_gscale, w2_wq, w2_sc, w2_gscale, n13, inter, x.shape[-1], group,
                           gate_up)
    return _moe.fused_moe(x, w13, w2, topk_weights, topk_ids, activation, expert_offset=expert_offset,
                          w13_bias=w13_bias, w2_bias=w2_bias)


def _moe_weights(w13_wq, w13_sc, w13_gscale, w2_wq, w2_sc, w2_gscale, n13, inter, hidden, group, gate_up=False):
    """The moe op's tensors and int metadata -> (w13, w2) moe.PreparedMoEWeight."""
    from . import moe as _moe

    if group not in _FMT:
        raise ValueError(f"group must be 16 (NVFP4) or 32 (MXFP4), got {group}")
    E, fmt, nan = w13_wq.shape[0], _FMT[group], float("nan")
    w13 = _moe.PreparedMoEWeight(w13_wq, w13_sc, w13_gscale, nan, n13, hidden, fmt, group, num_experts=E,
                                 gate_up=gate_up)
    w2 = _moe.PreparedMoEWeight(w2_wq, w2_sc, w2_gscale, nan, hidden, inter, fmt, group, num_experts=E)
    return w13, w2


@moe.register_fake
def _(x, w13_wq, w13_sc, w13_gscale, w2_wq, w2_sc, w2_gscale, topk_weights, topk_ids, n13, inter, group,
      activation="silu", expert_offset=0, gate_up=False, w13_bias=None, w2_bias=None):
    torch._check(x.dim() == 2, lambda: "x must be [M, H]")
    return x.new_empty(x.shape)


def fused_moe(x: Tensor, w13, w2, topk_weights: Tensor, topk_ids: Tensor, activation: str = "silu",
              expert_offset: int = 0, w13_bias: Optional[Tensor] = None, w2_bias: Optional[Tensor] = None) -> Tensor:
    """``moe.fused_moe`` through the op; w13, w2 are moe.PreparedMoEWeight."""
    return torch.ops.nvfp4_jit.moe(x, w13.wq, w13.sc, w13.gscale, w2.wq, w2.sc, w2.gscale, topk_weights, topk_ids,
                                   w13.n, w2.k, w13.group, activation, expert_offset, w13.gate_up, w13_bias, w2_bias)
