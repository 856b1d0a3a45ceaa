"""Fused FP4 mixture-of-experts for SM75-SM90 (NVFP4 and MXFP4 experts), on the Marlin GEMM kernel's MoE variant.

    w13 = prepare_moe_weight([NVFP4Weight [2I, H] per expert])   # gate rows 0..I-1, up rows I..2I-1
    w2 = prepare_moe_weight([NVFP4Weight [H, I] per expert])
    out = fused_moe(x[M, H], w13, w2, topk_weights[M, k], topk_ids[M, k], activation="silu")

Steps: align (one CTA: pairs token*k+slot bucketed per expert, segments padded to the GEMM block), grouped GEMM 1
(x row = pair // k), activation (w13 with 2I rows: silu(gate) * up or gelu(gate) * up; with I rows: plain silu /
gelu), grouped GEMM 2 with the router weight applied in the epilogue, sum over the k slots. Experts are addressed by global id; ids outside
[expert_offset, expert_offset + E) (e.g. -1) contribute nothing, which is what expert parallelism needs.
"""
from __future__ import annotations

import dataclasses
import functools

import torch
import torch.nn.functional as F

from . import jit, marlin
from .numerics import NVFP4Weight

ACTIVATIONS = ("silu", "gelu")


@dataclasses.dataclass
class PreparedMoEWeight(marlin.PreparedWeight):
    """E experts' PreparedWeights stacked on a leading dim: wq [E, ...], sc [E, ...], gscale [E].
    gate_up: rows are [gate; up] halves, stored with their n16 tiles interleaved (gate i, up i, ...) so that the
    GEMM-1 epilogue can apply the gated activation itself."""

    num_experts: int = 0
    gate_up: bool = False


def _interleave_gate_up(w: NVFP4Weight) -> NVFP4Weight:
    """Rows [gate (I); up (I)] -> 16-row tiles gate 0, up 0, gate 1, up 1, ... (the fused epilogue's order)."""
    inter = w.shape[0] // 2
    r = torch.arange(inter, device=w.packed.device).view(-1, 16)
    idx = torch.stack([r, r + inter], dim=1).reshape(-1)
    return dataclasses.replace(w, packed=w.packed[idx], scales=w.scales[idx])


def prepare_moe_weight(experts: list[NVFP4Weight], device=None, gate_up: bool = False) -> PreparedMoEWeight:
    """Stack E experts' prepared weights. gate_up=True for w13 = [gate; up] ([2I, H] per expert, I % 16 == 0):
    enables the fused activation epilogue."""
    if not experts:
        raise ValueError("need at least one expert")
    if gate_up:
        n = experts[0].shape[0]
        if n % 32:
            raise ValueError(f"gate_up needs 2I rows with I % 16 == 0, got {n} rows")
        experts = [_interleave_gate_up(w) for w in experts]
    ps = [marlin.prepare_weight(w, device) for w in experts]
    p0 = ps[0]
    for p in ps[1:]:
        if (p.n, p.k, p.fmt, p.group) != (p0.n, p0.k, p0.fmt, p0.group):
            raise ValueError("all experts must have the same shape and format")
    return PreparedMoEWeight(
        wq=torch.stack([p.wq for p in ps]), sc=torch.stack([p.sc for p in ps]),
        gscale=torch.cat([p.gscale for p in ps]), gscale_host=float("nan"), n=p0.n, k=p0.k, fmt=p0.fmt,
        group=p0.group, num_experts=len(ps), gate_up=gate_up)


@functools.lru_cache(maxsize=None)
def align_spec(arch: str, block: int, id_type: str) -> jit.KernelSpec:
    return jit.KernelSpec.make("moe_align.cu.j2", "fp4_moe_align", arch, block=block, id_type=id_type)


_ID_TYPES = {torch.int32: "int", torch.int64: "long long"}
BLOCKS = (8, 16, 32, 64)  # 8 * MT of the GEMM configs


def gate_up_config(MT: int, kt: int):
    """GEMM-1 config with the fused activation: NT = 2 (a warp owns the gate and the up tile)."""
    if MT <= 2:
        wk = next((wk for wk in (8, 4) if kt >= 4 * wk), 2)
        return (MT, 2, 8 // wk, wk, 2, 1)
    return marlin.CONFIG_M64 if MT == 8 else marlin.CONFIG_M32["wide"]


@jit.register_variants("moe")
def _variants(arch: str):
    yield from (align_spec(arch, b, t) for b in BLOCKS for t in _ID_TYPES.values())
    for dt in marlin._dtypes_for(arch):
        for group in (16, 32):
            for act in ACTIVATIONS:
                for cfg in dict.fromkeys(gate_up_config(mt, kt) for mt in (1, 2, 4, 8) for kt in (8, 16, 64)):
                    yield marlin.gemm_spec(arch, dt, group, cfg, moe=True, act=act)


def moe_align(topk_ids: torch.Tensor, num_experts: int, block: int, expert_offset: int = 0):
    """-> (sorted_ids int32 [max_slots], block_expert int32 [max_blocks]); no host synchronisation."""
    T = topk_ids.numel()
    if not 0 < num_experts <= 1024:
        raise ValueError(f"num_experts must be in 1..1024 (one align thread per expert), got {num_experts}")
    max_slots = -(-(T + min(num_experts, T) * (block - 1)) // block) * block
    sorted_ids = torch.empty(max_slots, dtype=torch.int32, device=topk_ids.device)
    block_expert = torch.empty(max_slots // block, dtype=torch.int32, device=topk_ids.device)
    dev = topk_ids.device.index
    spec = align_spec(jit.device_arch(dev), block, _ID_TYPES[topk_ids.dtype])
    jit.get_kernel(spec)((1,), (1024,), (topk_ids, T, num_experts, expert_offset, sorted_ids, block_expert,
                                         max_slots, max_slots // block), smem=(3 * num_experts + 1) * 4, device=dev)
    return sorted_ids, block_expert


def _block_for(pairs_per_expert: float) -> int:
    return next((b for b in BLOCKS if pairs_per_expert <= b), BLOCKS[-1])


def _activation(h: torch.Tensor, inter: int, activation: str) -> torch.Tensor:
    """Gated (w13 has 2I rows: act(gate) * up, i.e. SwiGLU / GeGLU) or plain (I rows: act(h))."""
    act = F.silu if activation == "silu" else lambda v: F.gelu(v, approximate="tanh")
    if h.shape[1] == inter:
        return act(h)
    return act(h[:, :inter]) * h[:, inter:]


def fused_moe(x: torch.Tensor, w13: PreparedMoEWeight, w2: PreparedMoEWeight, topk_weights: torch.Tensor,
              topk_ids: torch.Tensor, activation: str = "silu", expert_offset: int = 0) -> torch.Tensor:
    """out[M, H] = sum_j topk_weights[:, j] * expert_{topk_ids[:, j]}(x), expert(x) = W2 act(W13 x)."""
    if x.dim() != 2 or x.dtype not in marlin.DTYPES or not x.is_cuda:
        raise ValueError("x must be a 2-D float16/bfloat16 CUDA tensor [M, H]")
    M, H = x.shape
    E = w13.num_experts
    if w13.gate_up and w13.n != 2 * w2.k:
        raise ValueError("w13 was prepared with gate_up=True but does not have 2I rows")
    if w2.num_experts != E or w13.k != H or w2.n != H or w13.n not in (w2.k, 2 * w2.k):
        raise ValueError(f"shape mismatch: x [{M}, {H}], w13 [{E}, {w13.n}, {w13.k}], w2 [{w2.num_experts}, "
                         f"{w2.n}, {w2.k}] (need w13 [E, 2I or I, H], w2 [E, H, I])")
    if topk_ids.shape != topk_weights.shape or topk_ids.dim() != 2 or topk_ids.shape[0] != M:
        raise ValueError("topk_ids and topk_weights must both be [M, top_k]")
    if topk_ids.dtype not in _ID_TYPES:
        raise TypeError("topk_ids must be int32 or int64")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    for t in (w13.wq, w2.wq, topk_ids, topk_weights):
        if t.device != x.device:
            raise ValueError(f"all tensors must be on {x.device}")
    top_k = topk_ids.shape[1]
    T = M * top_k
    inter = w2.k
    if T == 0:
        return torch.zeros(M, H, dtype=x.dtype, device=x.device)
    x = x.contiguous()
    dev = x.device.index
    dt = marlin.DTYPES[x.dtype]
    block = _block_for(T / E)
    cfg = marlin.choose_config(block, w13.n16, w13.kt, marlin._num_sms(dev))[0]
    assert 8 * cfg[0] == block
    sorted_ids, block_expert = moe_align(topk_ids.contiguous(), E, block, expert_offset)
    nblocks = block_expert.numel()
    slots = sorted_ids.numel()

    align = (sorted_ids, block_expert, None, T, top_k)
    if w13.gate_up and w13.n == 2 * inter:  # activation fused into GEMM 1's epilogue
        a = torch.empty(T, inter, dtype=x.dtype, device=x.device)  # rows of dropped pairs stay unwritten, unused
        marlin.launch(w13, x, a, None, slots, nblocks, gate_up_config(cfg[0], w13.kt), dt, dev, align, act=activation)
    else:
        h = torch.empty(T, w13.n, dtype=x.dtype, device=x.device)
        marlin.launch(w13, x, h, None, slots, nblocks, cfg, dt, dev, align)
        a = _activation(h, inter, activation)
    y = torch.zeros(T, H, dtype=x.dtype, device=x.device)  # dropped pairs must add zero
    rw = topk_weights.reshape(-1).to(torch.float32).contiguous()
    cfg2 = marlin.choose_config(block, w2.n16, w2.kt, marlin._num_sms(dev))[0]
    marlin.launch(w2, a, y, None, slots, nblocks, cfg2, dt, dev, (sorted_ids, block_expert, rw, T, 1))
    # torch sums fp16/bf16 in fp32 and rounds once: the same numbers as an fp32 sum + cast, in one kernel
    return y.view(M, top_k, H).sum(dim=1) if top_k > 1 else y.view(M, H)


def reference(x, w13: list[NVFP4Weight], w2: list[NVFP4Weight], topk_weights, topk_ids, activation="silu",
              expert_offset=0) -> torch.Tensor:
    """float64 per-token loop over the dequantized experts."""
    xd = x.double()
    out = torch.zeros_like(xd)
    w13d = [w.dequantize(torch.float64).to(x.device) for w in w13]
    w2d = [w.dequantize(torch.float64).to(x.device) for w in w2]
    inter = w2d[0].shape[1]
    ids = topk_ids.tolist()
    for m in range(x.shape[0]):
        for j, e in enumerate(ids[m]):
            e -= expert_offset
            if not 0 <= e < len(w13d):
                continue
            h = xd[m] @ w13d[e].t()
            a = _activation(h[None], inter, activation)[0]
            out[m] += topk_weights[m, j].double() * (a @ w2d[e].t())
    return out
