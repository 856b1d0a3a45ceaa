"""Fused FP4 mixture-of-experts for SM75-SM90 (NVFP4 and MXFP4 experts), on the Marlin GEMM kernel's MoE variant.

    w13 = prepare_moe_weight([NVFP4Weight [2I, H] per expert])   # gate rows 0..I-1, up rows I..2I-1
    w2 = prepare_moe_weight([NVFP4Weight [H, I] per expert])
    out = fused_moe(x[M, H], w13, w2, topk_weights[M, k], topk_ids[M, k], activation="silu")

Steps: align (one CTA: pairs token*k+slot bucketed per expert, segments padded to the GEMM block), grouped GEMM 1
(x row = pair // k), activation (w13 with 2I rows: silu(gate) * up or gelu(gate) * up; with I rows: plain silu /
gelu), grouped GEMM 2 with the router weight applied in the epilogue, sum over the k slots (skipping dropped
pairs, so no buffer is zero-filled). One-token decode ("direct") skips the align kernel (GEMM block = pair) and
sums the k slots inside GEMM 2 (fp32, in slot order: deterministic), so it runs two kernels; on SM90+, where the
experts' rows are short, GEMM 2 is a resident kernel whose CTAs copy their whole weight slices into shared memory
while GEMM 1 runs, and multiply once GEMM 1 has finished (_down_plan). Experts are addressed
by global id; ids outside [expert_offset, expert_offset + E) (e.g. -1) contribute nothing, which is what expert
parallelism needs.
"""
from __future__ import annotations

import dataclasses
import functools
import os

import numpy as np
import torch
import torch.nn.functional as F

from . import jit, marlin
from .numerics import NVFP4Weight

ACTIVATIONS = ("silu", "gelu")
# Direct decode with up to this many (token, expert) pairs sums them inside GEMM 2, in a per-device fp32 workspace
# of TOPK_SUM_MAX x N that prepare_moe_weight reserves (so that no allocation happens under CUDA-graph capture).
TOPK_SUM_MAX = 16


@dataclasses.dataclass
class PreparedMoEWeight(marlin.PreparedWeight):
    """E experts' PreparedWeights stacked on a leading dim: wq [E, ...], sc [E, ...], gscale [E].
    gate_up: rows are [gate; up] halves, stored with their n16 tiles interleaved (gate i, up i, ...) so that the
    GEMM-1 epilogue can apply the gated activation itself."""

    num_experts: int = 0


def prepare_moe_weight(experts: list[NVFP4Weight], device=None, gate_up: bool = False) -> PreparedMoEWeight:
    """Stack E experts' prepared weights. gate_up=True for w13 = [gate; up] ([2I, H] per expert, I % 16 == 0):
    enables the fused activation epilogue."""
    if not experts:
        raise ValueError("need at least one expert")
    ps = [marlin.prepare_weight(w, device, gate_up=gate_up) for w in experts]
    p0 = ps[0]
    for p in ps[1:]:
        if (p.n, p.k, p.fmt, p.group) != (p0.n, p0.k, p0.fmt, p0.group):
            raise ValueError("all experts must have the same shape and format")
    if p0.wq.is_cuda:
        marlin._workspace(p0.wq.device.index, TOPK_SUM_MAX * p0.n, p0.n16)
    return PreparedMoEWeight(
        wq=torch.stack([p.wq for p in ps]), sc=torch.stack([p.sc for p in ps]),
        gscale=torch.cat([p.gscale for p in ps]), gscale_host=float("nan"), n=p0.n, k=p0.k, fmt=p0.fmt,
        group=p0.group, num_experts=len(ps), gate_up=gate_up)


ROUTING_TEMPLATE = "moe_routing.cu.j2"


@functools.lru_cache(maxsize=None)
def align_spec(arch: str, block: int, id_type: str) -> jit.KernelSpec:
    return jit.KernelSpec.make(ROUTING_TEMPLATE, "fp4_moe_align", arch, mode="align", block=block, id_type=id_type)


@functools.lru_cache(maxsize=None)
def sum_spec(arch: str, dtype: str, id_type: str) -> jit.KernelSpec:
    return jit.KernelSpec.make(ROUTING_TEMPLATE, "fp4_moe_sum", arch, mode="sum", dtype=dtype, id_type=id_type)


_ID_TYPES = {torch.int32: "int", torch.int64: "long long"}
BLOCKS = (8, 16, 32, 64)  # 8 * MT of the GEMM configs
DIRECT_MAX_M = 1  # up to this many tokens (with int32 ids), no align kernel: GEMM block b = pair b ("direct")
# (from 2 tokens on the align path is faster: H200, bench/notes/moe_direct_ab_s7_h200.log, Qwen3 M=2/4/16 +2/+5/+63%,
# Mixtral M=2 +26%; only gpt-oss M=2 gains, 6%)


def gate_up_config(MT: int, kt: int, direct: bool = False):
    """GEMM-1 config with the fused activation: NT = 2 (a warp owns the gate and the up tile). Few tokens: the 8
    warps split K 8 ways only from 64 super-tiles (K >= 4096), else 4 or 2 ways (H100 A/B,
    bench/notes/moe_gate_up_wk_ab_h100.log: gpt-oss M=16/64 -7/-12%, Qwen3 -2..-4%, Mixtral unchanged; gpt-oss
    M=1 +3.6%). One m8 tile of several tokens (not direct): one super-tile per batch and 64 registers, so 4 CTAs
    fit on an SM instead of 2 (bench/notes/moe_occupancy_ab_h100.log: M=16 -4..-7%, M=4 even; one token loses
    3-4% on Qwen3/Mixtral). Since the H200 sweep (bench/notes/tune_moe_m4_16_h200.log) one m8 tile from 16
    super-tiles runs one column of 4 K-warps, 128 threads: M=4/16 1-3% faster on all three models. One-token
    decode (direct): direct_gate_up_config."""
    if MT == 1 and direct:
        return direct_gate_up_config(kt)
    if MT == 1 and kt >= 16:
        return (1, 2, 1, 4, 1, 1)
    return _two_tile_config(MT, kt, direct)


def _two_tile_config(MT: int, kt: int, direct: bool = False):
    if MT <= 2:
        wk = 8 if kt >= 64 else 4 if kt >= 16 else 2
        return (1, 2, 8 // wk, wk, 1, 1, 4) if MT == 1 and not direct else (MT, 2, 8 // wk, wk, 2, 1)
    return marlin.CONFIG_M64 if MT == 8 else marlin.CONFIG_M32["wide"]


# One-token decode (direct) configs, from the H200 sweep (bench/notes/tune_moe_direct_h200.log, then every pair in
# bench/notes/tune_moe_direct_cross_h200.log, CUDA-graph µs of the whole fused_moe): GEMM 1 with one column of 4
# K-warps (more, smaller CTAs than 2 x 4) and one super-tile per batch beyond 32 super-tiles; GEMM 2 with short K
# (kt < 128, < 32 pairs) with 2 x 4 warps. Qwen3 M=1 20.0 -> 18.3, gpt-oss 31.2 -> 26.8, Mixtral 69.1 -> 63.9
# (its GEMM 2 has long K and keeps _two_tile_config).
def direct_gate_up_config(kt: int):
    """GEMM 1 (fused activation, NT = 2) of a one-token decode."""
    return (1, 2, 1, 4 if kt >= 16 else 2, 2 if kt <= 32 else 1, 1)


def direct_down_config(kt: int):
    """GEMM 2 of a one-token decode with short K (kt < 128)."""
    return (1, 1, 2, 4, 1, 1, 4) if kt <= 32 else (1, 1, 2, 4, 2, 1, 3)


def down_config(MT: int, n16: int, kt: int, pairs: int, direct: bool = False):
    """GEMM-2 config. With few tokens per block, a warp streams two n16 tiles (NT = 2, as gate_up_config) (H100
    A/B, bench/notes/moe_down_config_ab_h100.log: Mixtral M=1 -10%, Qwen3 M=4..64 -5%). Only one-token decode
    (direct) with short K and < 32 pairs keeps one tile per warp (direct_down_config; gpt-oss and Qwen3 M=1 were
    2-4% slower with NT = 2). Before, every call with < 32 pairs and short K did; H200, graph µs
    (bench/notes/tune_moe_down_s7_h200.log): gpt-oss M=2/3/4 47.2/57.4/65.6 -> 44.7/52.4/64.6, Qwen3 M=2/3
    26.7/35.8 -> 25.6/33.9."""
    if MT <= 2 and (kt >= 128 or pairs >= 32 or not direct):
        return _two_tile_config(MT, kt, direct)
    if MT == 1 and direct:
        return direct_down_config(kt)
    return marlin.tile_config(8 * MT, n16, kt, ring=False)


DOWN_WARPS = 8
DOWN_SMEM_MAX = 176 * 1024  # leaves room on the SM for GEMM 1's CTAs, beside which these are resident
# The resident GEMM 2 multiplies after GEMM 1 has finished, so its CTAs' work must be short: H200, CUDA-graph µs
# (bench/notes/moe_down_h200.log), Qwen3 M=1 (96 super-tiles per CTA) 17.9 -> 15.8, gpt-oss M=1 (270) 26.8 -> 32.5.
DOWN_MAX_SUPER_TILES = 128


@functools.lru_cache(maxsize=None)
def down_spec(arch: str, dtype: str, group: int) -> jit.KernelSpec:
    """One-token GEMM 2 + top-k sum with the weights staged in shared memory (SM90+, see the template)."""
    return jit.KernelSpec.make(marlin.TEMPLATE, "fp4_moe_down", arch, mode="moe_down", dtype=dtype, group=group,
                               NW=DOWN_WARPS, moe=True, act="", xpf=False)


def _down_plan(w2, T: int, dev: int):
    """-> (CTAs, units per CTA at most, shared memory bytes) of the resident GEMM 2 of a one-token decode (one
    CTA per SM, at most one per n16 tile), or None where it does not apply: its shared memory would not fit beside
    GEMM 1, a CTA would get more units than its 8 warps take (two each) or more than DOWN_MAX_SUPER_TILES
    super-tiles to multiply, or K % 8 (the bulk copies of a's rows need 16-byte sizes). NVFP4_JIT_MOE_DOWN=0 turns
    it off (GEMM 2 is then the gemm kernel's direct top-k-sum variant); =G forces it with G CTAs (at most N16; tests:
    tiles split between CTAs; measurements)."""
    env = os.environ.get("NVFP4_JIT_MOE_DOWN", "")
    if env and not env.isdigit():
        raise ValueError(f"NVFP4_JIT_MOE_DOWN={env!r}: expected 0 (off), a CTA count, or unset")
    if env == "0" or w2.k % 8:
        return None
    props = torch.cuda.get_device_properties(dev)
    ctas = min(w2.n16, int(env) if env else props.multi_processor_count)
    umax = -(-w2.n16 * T // ctas)
    sb = 64 if w2.group == 16 else 32
    smem = (umax * w2.kt * (512 + sb) + T * w2.kt * 128 + 7) // 8 * 8 + 16 + 2 * DOWN_WARPS * 16 * 4
    optin = getattr(props, "shared_memory_per_block_optin", props.shared_memory_per_multiprocessor - 1024)
    if umax > 2 * DOWN_WARPS or smem > min(DOWN_SMEM_MAX, optin - 16 * 1024):  # (umax >= T: also T <= 16)
        return None
    if not env and umax * w2.kt > DOWN_MAX_SUPER_TILES:
        return None
    return ctas, umax, smem


@jit.register_variants("moe")
def _variants(arch: str):
    yield from (align_spec(arch, b, t) for b in BLOCKS for t in _ID_TYPES.values())
    for dt in marlin._dtypes_for(arch):
        yield from (sum_spec(arch, dt, t) for t in _ID_TYPES.values())
        if jit.arch_sm(arch) >= 90:
            yield from (down_spec(arch, dt, group) for group in (16, 32))
        for group in (16, 32):
            for act in ACTIVATIONS:
                for cfg in dict.fromkeys(gate_up_config(mt, kt) for mt in (1, 2, 4, 8) for kt in (8, 16, 64)):
                    yield marlin.gemm_spec(arch, dt, group, cfg, moe=True, act=act)
            # GEMM 2 with NT = 2 (down_config; otherwise marlin's configs)
            for cfg in dict.fromkeys(_two_tile_config(mt, kt) for mt in (1, 2) for kt in (8, 16, 64)):
                yield marlin.gemm_spec(arch, dt, group, cfg, moe=True)
            for cfg in _direct_configs():  # one-token decode (MT = 1): GEMM 1 fused (NT = 2) or plain, GEMM 2
                for act in ("", *ACTIVATIONS) if cfg[1] == 2 else ("",):
                    yield marlin.gemm_spec(arch, dt, group, cfg, moe=True, act=act, direct=True)
                    if act and jit.arch_sm(arch) >= 90:  # GEMM 1 before the resident GEMM 2 (signals at start)
                        yield marlin.gemm_spec(arch, dt, group, cfg, moe=True, act=act, direct=True, early=True)
                yield marlin.gemm_spec(arch, dt, group, cfg, moe=True, direct=True, topk_sum=True)


def _direct_configs():
    """The MT = 1 configs a one-token (direct) fused_moe can pick for GEMM 1 and GEMM 2."""
    kts = (1, 8, 16, 32, 33, 64, 128, 300)
    fused = [gate_up_config(1, kt, direct=True) for kt in kts]
    down = [down_config(1, n16, kt, pairs, True) for kt in kts for n16 in (1, 512) for pairs in (1, 32)]
    return dict.fromkeys(fused + down + [marlin.tile_config(8, n16, kt, ring=False) for kt in kts for n16 in (1, 512)])


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


def moe_sum(y: torch.Tensor, topk_ids: torch.Tensor, num_experts: int, expert_offset: int = 0,
            pdl: bool = False) -> torch.Tensor:
    """out[m] = sum of y[m * top_k + j] over the slots j whose expert is local (the rows of the others are not read,
    so they need not be written); fp32 accumulation, one rounding. y [M * top_k, H] with H % 8 == 0."""
    if topk_ids.dim() != 2 or topk_ids.dtype not in _ID_TYPES:
        raise ValueError("topk_ids must be an int32/int64 tensor [M, top_k]")
    M, top_k = topk_ids.shape
    if y.dim() != 2 or y.shape[0] != M * top_k or y.shape[1] % 8 or y.dtype not in marlin.DTYPES:
        raise ValueError(f"y must be a float16/bfloat16 [M * top_k, H] tensor with H % 8 == 0 (M * top_k = "
                         f"{M * top_k}), got {y.dtype} {tuple(y.shape)}")
    if not y.is_cuda or y.device != topk_ids.device:
        raise ValueError("y and topk_ids must be on the same CUDA device")
    y, topk_ids = y.contiguous(), topk_ids.contiguous()
    H = y.shape[1]
    out = torch.empty(M, H, dtype=y.dtype, device=y.device)
    dev = y.device.index
    spec = sum_spec(jit.device_arch(dev), marlin.DTYPES[y.dtype], _ID_TYPES[topk_ids.dtype])
    jit.get_kernel(spec)((-(-M * (H // 8) // 128),), (128,), (y, topk_ids, out, M, top_k, H, num_experts,
                                                              expert_offset), device=dev, pdl=pdl)
    return out


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
    topk_ids = topk_ids.contiguous()
    # decode: each (token, expert) pair can be its own GEMM block, its expert read from the ids (no align kernel;
    # a pair per block reads an expert's weights once per token that picked it). One token: the top-k sum runs in
    # GEMM 2 (topk_sum, or the resident kernel); several: moe_sum as usual.
    direct = M <= DIRECT_MAX_M and topk_ids.dtype == torch.int32
    block = 8 if direct else _block_for(T / E)
    cfg = marlin.tile_config(block, w13.n16, w13.kt, ring=False)
    assert 8 * cfg[0] == block
    if direct:
        sorted_ids, block_expert, nblocks, slots = topk_ids.view(-1), None, T, block * T
    else:
        sorted_ids, block_expert = moe_align(topk_ids, E, block, expert_offset)
        nblocks, slots = block_expert.numel(), sorted_ids.numel()

    def grouped(w, x_in, out, cfg, route_w, x_div, act="", topk_sum=False, pdl=False, early=False):
        marlin.launch(w, x_in, out, None, slots, nblocks, cfg, dt, dev,
                      (sorted_ids, block_expert, route_w, T, x_div, E, expert_offset), act=act, direct=direct,
                      topk_sum=topk_sum, pdl=pdl, early=early)

    # SM90+ (programmatic dependent launch): GEMM 1 with the fused activation is launched while the align kernel
    # runs, GEMM 2 while GEMM 1 finishes (its first weights load before it waits for GEMM 1's output), the top-k
    # sum while GEMM 2 finishes; each waits for its predecessor before reading what that writes. One-token decode
    # with the fused activation (SM90+): GEMM 2 is the resident kernel (mode moe_down), whose CTAs stage their
    # whole weight slices in shared memory while GEMM 1 runs (GEMM 1 then signals at its start, `early`).
    arch = jit.device_arch(dev)
    pdl = marlin.use_pdl(arch)
    rw = topk_weights.reshape(-1).to(torch.float32).contiguous()  # (before GEMM 1: no kernel between the GEMMs)
    fused_act = w13.gate_up and w13.n == 2 * inter
    plan = _down_plan(w2, T, dev) if direct and M == 1 and fused_act and jit.arch_sm(arch) >= 90 else None
    if fused_act:  # activation fused into GEMM 1's epilogue
        a = torch.empty(T, inter, dtype=x.dtype, device=x.device)  # rows of dropped pairs stay unwritten, unused
        grouped(w13, x, a, gate_up_config(cfg[0], w13.kt, direct), None, top_k, act=activation,
                pdl=pdl and not direct, early=plan is not None and pdl)
    else:
        h = torch.empty(T, w13.n, dtype=x.dtype, device=x.device)
        grouped(w13, x, h, cfg, None, top_k)
        a = _activation(h, inter, activation)
    if plan is not None:
        ctas, umax, smem = plan
        out = torch.empty(1, H, dtype=x.dtype, device=x.device)
        ws, cnt = marlin._workspace(dev, w2.n16 * 16, w2.n16)  # reserved by prepare_moe_weight (no allocation)
        jit.get_kernel(down_spec(arch, dt, w2.group))(
            (ctas,), (DOWN_WARPS * 32,),
            (w2.wq, w2.sc, a, out, w2.gscale, sorted_ids, rw, T, H, inter, w2.kt, w2.n16,
             np.int64(w2.wq[0].numel() // 16), np.int64(w2.sc[0].numel()), E, expert_offset, umax, ws, cnt),
            smem=smem, device=dev, pdl=pdl)
        return out
    cfg2 = down_config(cfg[0], w2.n16, w2.kt, T, direct)
    if direct and M == 1 and T <= TOPK_SUM_MAX:
        out = torch.empty(1, H, dtype=x.dtype, device=x.device)
        grouped(w2, a, out, cfg2, rw, 1, topk_sum=True, pdl=pdl)
        return out
    y = torch.empty(T, H, dtype=x.dtype, device=x.device)  # rows of dropped pairs stay unwritten, not summed
    grouped(w2, a, y, cfg2, rw, 1, pdl=pdl)
    return moe_sum(y, topk_ids, E, expert_offset, pdl=pdl)


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
