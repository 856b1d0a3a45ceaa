"""Fused FP4 mixture-of-experts for SM75-SM90 (NVFP4 and MXFP4 experts), on the Marlin GEMM kernel's MoE variant.

    w13 = prepare_moe_weight([NVFP4Weight [2I, H] per expert])   # gate rows 0..I-1, up rows I..2I-1
    w2 = prepare_moe_weight([NVFP4Weight [H, I] per expert])
    out = fused_moe(x[M, H], w13, w2, topk_weights[M, k], topk_ids[M, k], activation="silu")

Steps: align (one CTA: pairs token*k+slot bucketed per expert, segments padded to the GEMM block), grouped GEMM 1 (x
row = pair // k), activation (w13 with 2I rows: silu(gate) * up or gelu(gate) * up, or gpt-oss's clamped
"swigluoai"; with I rows: plain silu / gelu; optional per-expert biases of both GEMMs), grouped GEMM 2 with the
router weight applied in the epilogue, sum over the k slots (skipping dropped pairs, so no buffer is zero-filled).
One-token decode ("direct") skips the align kernel (GEMM block = pair) and sums the k slots inside GEMM 2 (fp32, in
slot order: deterministic), so it runs two kernels; decode of up to GROUPED_MAX_M tokens (at most DIRECT_MAX_PAIRS
pairs) skips the align kernel too (the GEMMs group the pairs per expert themselves, "grouped"); on SM90+, where the
experts' rows are short, GEMM 2 is a resident kernel whose CTAs copy their whole weight slices into shared memory
while GEMM 1 runs, and multiply once GEMM 1 has finished (_down_plan). Experts are addressed by global id; ids
outside [expert_offset, expert_offset + E) (e.g. -1) contribute nothing, which is what expert parallelism needs.
Prefill-size batches on SM90a (>= WGMMA_MIN_PAIRS pairs per expert) run both GEMMs on the wgmma kernel's grouped
variant instead (_fused_moe_wgmma); the gated activation runs in the gather of GEMM 2's input.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import os

import torch
import torch.nn.functional as F

from . import jit, marlin
from .numerics import NVFP4Weight

ACTIVATIONS = ("silu", "gelu", "swigluoai")  # each applied by GEMM 1's epilogue (and the prefill path's gather)
# gpt-oss's gated activation (vLLM's "swigluoai"): gate clamped to <= LIMIT, up to [-LIMIT, LIMIT], then
# gate * sigmoid(ALPHA * gate) * (up + 1) (the template's gated_fn; torch's _activation between the GEMMs elsewhere)
SWIGLU_ALPHA, SWIGLU_LIMIT = 1.702, 7.0
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
# Several tokens with up to DIRECT_MAX_PAIRS pairs (int32 ids): no align kernel either, the GEMMs group the pairs
# per expert in a warp (one pair per lane), GEMM 2 writes each pair's row for moe_sum (bench/RESULTS.md,
# thirty-eighth / thirty-ninth sessions). By default up to GROUPED_MAX_M tokens: measured faster at 2 / 4 tokens
# (H100: Qwen3 -2.6 %, gpt-oss -1.2 / -0.6 %); more tokens were slower (fortieth session, with the grouping
# extended to 64 pairs: Mixtral M = 8 / 16 +2 / +4 %, Qwen3 M = 8 +4 %, gpt-oss M = 16 +6 %, gpt-oss M = 8 level).
# NVFP4_JIT_MOE_DIRECT=M: up to M tokens instead (1: none).
DIRECT_MAX_PAIRS = 32
GROUPED_MAX_M = 4


def _grouped_max_tokens() -> int:
    env = os.environ.get("NVFP4_JIT_MOE_DIRECT", "")
    if env and not env.isdigit():
        raise ValueError(f"NVFP4_JIT_MOE_DIRECT={env!r}: expected the most tokens that skip the align kernel")
    return int(env) if env else GROUPED_MAX_M


# Prefill-size batches on SM90a: both GEMMs on the wgmma kernel's grouped variant (marlin.wgmma_spec(moe=True)):
# the align kernel pads each expert's pairs to blocks of BM slots, a gather kernel (xperm, moe) writes the slots'
# x rows in the wgmma kernel's shared-memory image, and each CTA multiplies one block against 128 of its expert's
# rows; GEMM 2's gather applies the gated activation to GEMM 1's output (w13 prepared with gate_up; else torch does
# between the GEMMs), the top-k sum runs after them. NVFP4_JIT_MOE_WGMMA=0 never, =1 always on sm_90a, =32 / 48 /
# 64 / 80 / 96 / 128 / 256 always, with that block (tuning). H100 graph µs (history: bench/RESULTS.md, thirteenth,
# seventeenth and thirty-third sessions):
# * from WGMMA_MIN_PAIRS pairs per local expert on average (ab_moe_cross_s33b/d_h100.log, grouped mma.sync -> this
#   path): at 8 pairs per expert mma.sync wins (Qwen3 M=128 152 -> 222, gpt-oss M=64 187 -> 252, Mixtral M=32 345
#   -> 372), at 10 this path (235 -> 224, 253 -> 253, 412 -> 373), at 12 by 4-10%.
# * rings (WGMMA_RINGS, ab_moe_ring_s33f/g_h100.log): the m64 tile's D x S = 2 x 4 super-tiles left the weight
#   stream short of bytes in flight (Mixtral M=64's GEMM 1 read its 528 MB at 1.44x of a plain read,
#   moe_timeline_s33e_h100.log); two CTAs per SM still fit 2 x 6 at 32 slots and 2 x 5 at 48 (no spills: Mixtral
#   M=40-96 11-16% faster, Scout-sized experts 10-13%, gpt-oss 11%, Qwen3 3%; 48 slots 5-8%, Qwen3 +1-2%), 2 x 3 at
#   80 and 96 (52 / 136 bytes of spills); the 64-slot tile has no room for more, one CTA per SM (4 x 4) lost
#   everywhere.
# * the block (_wgmma_block): each expert's pairs are padded to whole blocks, so a block just below the pairs per
#   expert runs ~1.5 blocks per expert (at 64 pairs per expert about half the experts get more than 64). Measured
#   time / the routing's blocks is nearly constant per block size on four expert shapes at 24-192 pairs per
#   expert (ab_moe_bm80_s33k/l_h100.log, ab_moe_blocks_s34a_h100.log); relative to 64 slots 0.60-0.68 (32), 0.8-0.9
#   (48), 1.2-1.3 (80), 1.3-1.45 (96). The rule takes the block with the least expected blocks (E x E[ceil(n /
#   BM)], n ~ Binomial(M, top_k / E), the benchmarks' routing) x WGMMA_BLOCK_COST; in the 44-point sweep of
#   ab_moe_blocks_s34a_h100.log that is the measured fastest block, or within 3% of it, in 40 (e.g. 64 pairs per
#   expert 80 slots: Mixtral M = 256 672 -> 560 µs; 72 / 88 96 slots: Mixtral M = 288 782 -> 586, Qwen3 M = 1408
#   613 -> 531). The misses: Mixtral at 24 / 40 pairs per expert (8%: 9 blocks against 8, one past GEMM 2's single
#   wave), gpt-oss at 128 / 192 (3-5%). 80 / 96 slots only up to WGMMA_BLOCK_MAX_PAIRS (beyond, 96 loses 5-8% on
#   three of four shapes). Real routers are less even than the binomial model (more experts overflow a block).
# * 256-slot blocks (the dense "big" tile) from WGMMA_BIG_PAIRS pairs per expert where both GEMMs' N and K are
#   >= WGMMA_BIG_DIM (ab_moe_bm_s33b_h100.log, ab_moe_big_s33d_h100.log, 64 -> 256): Mixtral M=1024 / 2048 / 4096
#   1731 / 3509 / 7771 -> 1577 / 2890 / 6222, Mixtral-8x22B M=1024-4096 16-26% faster, Scout M=4096 / 8192 11 / 25%;
#   below 256 pairs per expert they lose (Scout M=2048 1403 -> 1618), as on smaller experts at any size (gpt-oss M=
#   4096 2947 -> 3175, Qwen3 M=8192 2725 -> 3470).
WGMMA_MIN_PAIRS = 10
WGMMA_RINGS = {32: (2, 2, 6), 48: (2, 2, 5), 80: (2, 2, 3), 96: (2, 2, 3)}  # BM: (D, MINB, S)
WGMMA_BLOCK_COST = {32: 0.64, 48: 0.83, 64: 1.0, 80: 1.25, 96: 1.38}
WGMMA_BLOCK_MAX_PAIRS = {80: 128, 96: 128}
WGMMA_BIG_PAIRS, WGMMA_BIG_DIM, WGMMA_BIG_BM = 256, 4096, 256
WGMMA_RASTER_MB = 8  # MB of x rows per raster group (RESULTS, thirty-fifth session: 2-8 within 3%, 0 up to 1.7x slower)
_WGMMA_TUNE_BMS = ("32", "48", "64", "80", "96", "128", "256")


def _moe_wgmma_config(BM: int):
    """The prefill path's tile config for blocks of BM slots (the dense wide-layer 64-token tile with BM tokens; 128
    and 256: the dense kernel's tiles of those sizes, for tuning); NVFP4_JIT_MOE_WGMMA_CONFIG=
    "BM,AT,WG,D,MINB,S[,KG[,U]]" (marlin.wgmma_spec) overrides it, BM included (tuning)."""
    env = marlin.wgmma_config_env("NVFP4_JIT_MOE_WGMMA_CONFIG", split_k=False)
    if env:
        return env[0]
    C = marlin.WGMMA_CONFIGS
    if BM in WGMMA_RINGS:
        return (BM,) + C["m64"][1:3] + WGMMA_RINGS[BM]
    return {128: C["m128"], 256: C["big"]}.get(BM) or (BM,) + C["m64"][1:]


def _wgmma_env() -> str:
    env = os.environ.get("NVFP4_JIT_MOE_WGMMA") or ""
    if env not in ("", "0", "1", *_WGMMA_TUNE_BMS):
        raise ValueError(f"NVFP4_JIT_MOE_WGMMA={env!r}: expected 0 (never), 1 (always on sm_90a), a block size "
                         f"{' / '.join(_WGMMA_TUNE_BMS)} (always, with it) or unset")
    return env


def use_wgmma(T: int, E: int, arch: str) -> bool:
    """Whether fused_moe takes the prefill path (see WGMMA_MIN_PAIRS) for T pairs over E local experts."""
    env = _wgmma_env()
    if arch != marlin.WGMMA_ARCH or env == "0":
        return False
    return env != "" or T >= WGMMA_MIN_PAIRS * E


@functools.lru_cache(maxsize=1024)
def _expected_blocks(M: int, p: float, BM: int) -> float:
    """E[ceil(n / BM)] for n ~ Binomial(M, p): the blocks of one expert that each of M tokens picks with chance p
    (a sum over +-12 standard deviations of n; cached, since each new M's plan evaluates it per candidate block)."""
    if p >= 1:
        return float(-(-M // BM))
    mu, sd = M * p, math.sqrt(M * p * (1 - p))
    lo, hi = max(0, int(mu - 12 * sd) - 1), min(M, int(mu + 12 * sd) + 2)
    c, lp, lq = math.lgamma(M + 1), math.log(p), math.log1p(-p)
    return sum(math.exp(c - math.lgamma(n + 1) - math.lgamma(M - n + 1) + n * lp + (M - n) * lq) * -(-n // BM)
               for n in range(lo, hi + 1))


def _wgmma_block(M: int, top_k: int, E: int, dim: int = 0) -> int:
    """The prefill path's block (slots per CTA) for M tokens routed to top_k of E experts (see WGMMA_BLOCK_COST);
    dim = min(H, I) of the experts."""
    env = _wgmma_env()
    if env in _WGMMA_TUNE_BMS:
        return int(env)
    pairs = M * top_k / E
    if pairs >= WGMMA_BIG_PAIRS and dim >= WGMMA_BIG_DIM:
        return WGMMA_BIG_BM
    p = min(1.0, top_k / E)
    return min((bm for bm in WGMMA_BLOCK_COST if pairs <= WGMMA_BLOCK_MAX_PAIRS.get(bm, math.inf)),
               key=lambda bm: _expected_blocks(M, p, bm) * WGMMA_BLOCK_COST[bm])


def _wgmma_rule_blocks():
    """Every block the default rule picks (the shipped variants)."""
    return (*WGMMA_BLOCK_COST, WGMMA_BIG_BM)


def gate_up_config(MT: int, kt: int, direct: bool = False, grouped: bool = False):
    """GEMM-1 config with the fused activation: NT = 2 (a warp owns the gate and the up tile). Few tokens: the 8
    warps split K 8 ways only from 64 super-tiles (K >= 4096), else 4 or 2 ways (H100 A/B,
    bench/notes/moe_gate_up_wk_ab_h100.log: gpt-oss M=16/64 -7/-12%, Qwen3 -2..-4%, Mixtral unchanged; gpt-oss
    M=1 +3.6%). One m8 tile of several tokens (not direct): one super-tile per batch and 64 registers, so 4 CTAs
    fit on an SM instead of 2 (bench/notes/moe_occupancy_ab_h100.log: M=16 -4..-7%, M=4 even; one token loses
    3-4% on Qwen3/Mixtral). Since the H200 sweep (bench/notes/tune_moe_m4_16_h200.log) one m8 tile from 16
    super-tiles runs one column of 4 K-warps, 128 threads: M=4/16 1-3% faster on all three models. One-token
    decode (direct): direct_gate_up_config. Grouped decode of 2-4 tokens (most blocks hold one pair): the same with
    MINB 4 (ptxas then schedules it with 80 registers on sm_90a instead of 64; H100 tune_moe.py sweeps,
    bench/notes/s40/tune_grouped_*.log, three draws: Qwen3 M = 2 / 3 / 4 0..-1.5 / -2.5..-4 / -4..-5 %, gpt-oss
    M = 2 -4.5..-6 %, M = 3 -4 / -4 / +7 %, M = 4 -4 / +2 / +2.5 %, Mixtral level; on the align path at M = 5 it
    was 2-5 % slower)."""
    if MT == 1 and direct:
        return direct_gate_up_config(kt)
    if MT == 1 and kt >= 16:
        return (1, 2, 1, 4, 1, 1, 4) if grouped else (1, 2, 1, 4, 1, 1)
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
    if arch == marlin.WGMMA_ARCH:  # the prefill path's align blocks (those not in BLOCKS) and gathers
        yield from (align_spec(arch, bm, t) for bm in _wgmma_rule_blocks() if bm not in BLOCKS
                    for t in _ID_TYPES.values())
        yield marlin.xperm_spec(arch, moe=True)
        yield from (marlin.xperm_spec(arch, True, act, dt) for act in ACTIVATIONS
                    for dt in marlin._dtypes_for(arch))
    for dt in marlin._dtypes_for(arch):
        yield from (sum_spec(arch, dt, t) for t in _ID_TYPES.values())
        if jit.arch_sm(arch) >= 90:
            yield from (down_spec(arch, dt, group) for group in (16, 32))
        if arch == marlin.WGMMA_ARCH:  # the prefill path
            yield from (marlin.wgmma_spec(arch, dt, group, _moe_wgmma_config(bm), moe=True)
                        for group in (16, 32) for bm in _wgmma_rule_blocks())
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
            fused, plain = _grouped_configs()  # grouped decode of several tokens: GEMM 1 fused or plain, GEMM 2
            yield from (marlin.gemm_spec(arch, dt, group, cfg, moe=True, act=act, direct=True, grouped=True)
                        for cfg in fused for act in ACTIVATIONS)
            yield from (marlin.gemm_spec(arch, dt, group, cfg, moe=True, direct=True, grouped=True) for cfg in plain)


_KTS = (1, 8, 16, 32, 33, 64, 128, 300)


def _plain_gemm1_configs() -> list:
    """The MT = 1 configs of a GEMM 1 without the fused activation (marlin's tile_config for 8 slots)."""
    return [marlin.tile_config(8, n16, kt, ring=False) for kt in _KTS for n16 in (1, 512)]


def _direct_configs() -> dict:
    """The MT = 1 configs a one-token (direct) fused_moe can pick for GEMM 1 and GEMM 2."""
    fused = [gate_up_config(1, kt, direct=True) for kt in _KTS]
    down = [down_config(1, n16, kt, pairs, True) for kt in _KTS for n16 in (1, 512) for pairs in (1, 32)]
    return dict.fromkeys(fused + down + _plain_gemm1_configs())


def _grouped_configs() -> tuple[dict, dict]:
    """(GEMM 1 configs with the fused activation, the others) a grouped fused_moe can pick (MT = 1)."""
    fused = dict.fromkeys(gate_up_config(1, kt, grouped=True) for kt in _KTS)
    down = [down_config(1, n16, kt, 32) for kt in _KTS for n16 in (1, 512)]
    return fused, dict.fromkeys(down + _plain_gemm1_configs())


def _align_launch(dev: int, E: int, T: int, block: int, id_dtype) -> tuple[jit.Launch, int]:
    """-> (the align kernel's prepared launch for T pairs over E experts, max_slots: sorted_ids' length, a multiple
    of block). Arguments: topk_ids T E e0 sorted_ids block_expert max_slots max_blocks."""
    if not 0 < E <= 1024:
        raise ValueError(f"num_experts must be in 1..1024 (one align thread per expert), got {E}")
    max_slots = -(-(T + min(E, T) * (block - 1)) // block) * block
    kernel = jit.get_kernel(align_spec(jit.device_arch(dev), block, _ID_TYPES[id_dtype]))
    return jit.Launch(kernel, dev, (1,), (1024,), (3 * E + 1) * 4, "QiiiQQii"), max_slots


def _sum_launch(dev: int, dt: str, id_dtype, M: int, H: int) -> jit.Launch:
    """The top-k sum kernel's prepared launch for [M, H] (arguments: y topk_ids out M top_k H E e0)."""
    kernel = jit.get_kernel(sum_spec(jit.device_arch(dev), dt, _ID_TYPES[id_dtype]))
    return jit.Launch(kernel, dev, (-(-M * (H // 8) // 128),), (128,), 0, "QQQiiiii")


def moe_align(topk_ids: torch.Tensor, num_experts: int, block: int, expert_offset: int = 0):
    """-> (sorted_ids int32 [max_slots], block_expert int32 [max_blocks]); no host synchronisation."""
    T, dev = topk_ids.numel(), topk_ids.device.index
    run, max_slots = _align_launch(dev, num_experts, T, block, topk_ids.dtype)
    sorted_ids = torch.empty(max_slots, dtype=torch.int32, device=topk_ids.device)
    block_expert = torch.empty(max_slots // block, dtype=torch.int32, device=topk_ids.device)
    run(jit._raw_stream(dev), topk_ids.contiguous().data_ptr(), T, num_experts, expert_offset,
        sorted_ids.data_ptr(), block_expert.data_ptr(), max_slots, max_slots // block)
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
    H, dev = y.shape[1], y.device.index
    out = torch.empty(M, H, dtype=y.dtype, device=y.device)
    _sum_launch(dev, marlin.DTYPES[y.dtype], topk_ids.dtype, M, H)(
        jit._raw_stream(dev), y.data_ptr(), topk_ids.data_ptr(), out.data_ptr(), M, top_k, H, num_experts,
        expert_offset, pdl=pdl)
    return out


def _block_for(pairs_per_expert: float) -> int:
    return next((b for b in BLOCKS if pairs_per_expert <= b), BLOCKS[-1])


def _activation(h: torch.Tensor, inter: int, activation: str) -> torch.Tensor:
    """Gated (w13 has 2I rows: act(gate) * up, i.e. SwiGLU / GeGLU; swigluoai: see SWIGLU_ALPHA) or plain (I rows:
    act(h))."""
    if activation == "swigluoai":
        gate, up = h[:, :inter].clamp(max=SWIGLU_LIMIT), h[:, inter:].clamp(-SWIGLU_LIMIT, SWIGLU_LIMIT)
        return gate * torch.sigmoid(SWIGLU_ALPHA * gate) * (up + 1)
    act = F.silu if activation == "silu" else lambda v: F.gelu(v, approximate="tanh")
    if h.shape[1] == inter:
        return act(h)
    return act(h[:, :inter]) * h[:, inter:]


def fused_moe(x: torch.Tensor, w13: PreparedMoEWeight, w2: PreparedMoEWeight, topk_weights: torch.Tensor,
              topk_ids: torch.Tensor, activation: str = "silu", expert_offset: int = 0,
              w13_bias: torch.Tensor | None = None, w2_bias: torch.Tensor | None = None) -> torch.Tensor:
    """out[M, H] = sum_j topk_weights[:, j] * expert_{topk_ids[:, j]}(x), expert(x) = W2 act(W13 x + b13) + b2.

    w13_bias [E, 2I or I] (rows as w13's: [gate; up]) and w2_bias [E, H] are optional per-expert biases (gpt-oss),
    any float dtype, used in fp32. GEMM 1's epilogue adds w13_bias before the activation (the mma.sync path with a
    w13 prepared without gate_up: torch does, between the GEMMs, to GEMM 1's output rounded to x's dtype); GEMM 2's
    adds w2_bias to each pair's output before its router weight (the resident GEMM 2 of one-token decode: torch
    does, to the summed output)."""
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
    if activation == "swigluoai" and w13.n != 2 * w2.k:
        raise ValueError("activation 'swigluoai' is gated: w13 needs 2I rows ([gate; up])")
    for name, b, n in (("w13_bias", w13_bias, w13.n), ("w2_bias", w2_bias, H)):
        if b is not None and (b.shape != (E, n) or not b.is_floating_point()):
            raise ValueError(f"{name} must be a float tensor [{E}, {n}], got {b.dtype} {list(b.shape)}")
    for t in (w13.wq, w2.wq, topk_ids, topk_weights, *(b for b in (w13_bias, w2_bias) if b is not None)):
        if t.device != x.device:
            raise ValueError(f"all tensors must be on {x.device}")
    top_k = topk_ids.shape[1]
    T = M * top_k
    if T == 0:
        return torch.zeros(M, H, dtype=x.dtype, device=x.device)
    x = x.contiguous()
    dev = x.device.index
    topk_ids = topk_ids.contiguous()
    key = (M, top_k, E, w13.n, w13.k, w13.group, w13.gate_up, w2.n, w2.k, w2.group, x.dtype, dev, topk_ids.dtype,
           activation, DIRECT_MAX_M, _env_state())
    plan = _plans.get(key)
    if plan is None:
        if len(_plans) >= marlin._MAX_PLANS:
            _plans.clear()
        plan = _plans[key] = _make_plan(M, top_k, w13, w2, marlin.DTYPES[x.dtype], dev, topk_ids.dtype, activation)
    stream, ids = jit._raw_stream(dev), topk_ids.data_ptr()
    b2 = None if w2_bias is None else w2_bias.float().contiguous()  # (GEMM 2's epilogue adds it per pair)
    if plan.wgmma is not None:
        return _fused_moe_wgmma(plan, x, w13, w2, topk_weights, topk_ids, activation, expert_offset, stream, w13_bias,
                                b2)
    if plan.direct or plan.grouped:  # the GEMMs read the ids themselves
        sorted_ptr, be_ptr = ids, 0
    else:  # sorted_ids [max_slots] and block_expert [nblocks] in one allocation
        routing = torch.empty(plan.max_slots + plan.nblocks, dtype=torch.int32, device=x.device)
        sorted_ptr = routing.data_ptr()
        be_ptr = sorted_ptr + 4 * plan.max_slots
        plan.align(stream, ids, T, E, expert_offset, sorted_ptr, be_ptr, plan.max_slots, plan.nblocks)
    rw = topk_weights.reshape(-1).to(torch.float32).contiguous()  # (before GEMM 1: no kernel between the GEMMs)
    h = torch.empty(T, w2.k if plan.fused_act else w13.n, dtype=x.dtype, device=x.device)  # (rows of dropped pairs
    # stay unwritten and unused)
    # the fused epilogue adds w13's biases (fp32 [E, 2I]; the kernel's bias argument)
    b13 = w13_bias.float().contiguous() if plan.fused_act and w13_bias is not None else None
    plan.g1(stream, w13.wq.data_ptr(), w13.sc.data_ptr(), x.data_ptr(), h.data_ptr(),
            0 if b13 is None else b13.data_ptr(), w13.gscale.data_ptr(),
            plan.slots, w13.n, w13.k, w13.kt, w13.n16, sorted_ptr, be_ptr, 0, T, top_k, plan.strides13[0],
            plan.strides13[1], 0, 0, E, expert_offset, pdl=plan.g1_pdl)
    a = h if plan.fused_act else _between(h, w13, w2.k, activation, w13_bias, topk_ids, expert_offset)
    if plan.down == "resident":
        out = torch.empty(1, H, dtype=x.dtype, device=x.device)
        plan.g2(stream, w2.wq.data_ptr(), w2.sc.data_ptr(), a.data_ptr(), out.data_ptr(), w2.gscale.data_ptr(), ids,
                rw.data_ptr(), T, H, w2.k, w2.kt, w2.n16, plan.strides2[0], plan.strides2[1], E, expert_offset,
                plan.umax, plan.ws, plan.cnt, pdl=plan.pdl)
        return _add_w2_bias(out, b2, topk_weights, topk_ids, expert_offset)
    topk_sum = plan.down == "topk_sum"
    y = torch.empty(1 if topk_sum else T, H, dtype=x.dtype, device=x.device)  # (rows of dropped pairs: unwritten)
    plan.g2(stream, w2.wq.data_ptr(), w2.sc.data_ptr(), a.data_ptr(), y.data_ptr(), 0 if b2 is None else b2.data_ptr(),
            w2.gscale.data_ptr(),
            plan.slots, w2.n, w2.k, w2.kt, w2.n16, sorted_ptr, be_ptr, rw.data_ptr(), T, 1, plan.strides2[0],
            plan.strides2[1], plan.ws, plan.cnt, E, expert_offset, pdl=plan.pdl)
    if topk_sum:
        return y
    out = torch.empty(M, H, dtype=x.dtype, device=x.device)
    plan.sum(stream, y.data_ptr(), ids, out.data_ptr(), M, top_k, H, E, expert_offset, pdl=plan.pdl)
    return out


def _between(h: torch.Tensor, w13: PreparedMoEWeight, inter: int, activation: str, w13_bias, topk_ids,
             e0: int) -> torch.Tensor:
    """GEMM 1's output h [T, w13 rows] -> GEMM 2's input [T, I] where GEMM 1 did not apply the activation: rows of
    a w13 prepared with gate_up (gate / up n16 tiles interleaved) back to [gate; up], each pair's expert bias and
    the activation (fp32 where there is a bias or the activation is swigluoai). Rows of dropped pairs hold
    garbage that GEMM 2 never reads (their expert index is clamped here only to keep the gather in bounds)."""
    T = h.shape[0]
    if w13.gate_up:
        h = h.view(T, inter // 16, 2, 16).transpose(1, 2).reshape(T, 2 * inter)
    if w13_bias is None and activation != "swigluoai":
        return _activation(h, inter, activation).contiguous()
    hf = h.float()
    if w13_bias is not None:
        e = (topk_ids.reshape(-1).long() - e0).clamp(0, w13.num_experts - 1)
        hf = hf + w13_bias.float()[e]
    return _activation(hf, inter, activation).to(h.dtype).contiguous()


def _bias_rows(w13_bias: torch.Tensor, w13: PreparedMoEWeight) -> torch.Tensor:
    """w13's biases [E, 2I] ([gate; up]) as fp32 in the row order of GEMM 1's output: for a w13 prepared with
    gate_up, its gate / up n16 tiles interleaved (gate 0, up 0, gate 1, ...), as the prefill path's GEMM 1 writes."""
    b = w13_bias.float()
    if w13.gate_up:
        E, n = b.shape
        b = b.view(E, 2, n // 32, 16).transpose(1, 2).reshape(E, n)
    return b.contiguous()


def _add_w2_bias(out: torch.Tensor, w2_bias, topk_weights, topk_ids, e0: int) -> torch.Tensor:
    """out [M, H] + sum over the local slots j of topk_weights[:, j] * w2_bias[expert j], in fp32: the router
    weights scattered to [M, E] (other ranks' slots weigh 0), times w2_bias [E, H] (a few kernels at any M, no
    [M, k, H] temporary)."""
    if w2_bias is None:
        return out
    E = w2_bias.shape[0]
    e = topk_ids.long() - e0
    wts = torch.where((e >= 0) & (e < E), topk_weights.float(), 0.0)
    per_expert = torch.zeros(e.shape[0], E, dtype=torch.float32, device=out.device)
    per_expert.scatter_add_(1, e.clamp(0, E - 1), wts)
    return torch.addmm(out.float(), per_expert, w2_bias.float()).to(out.dtype)


@dataclasses.dataclass
class _WgmmaPlan:
    """The prefill path's launches: align (blocks of BM slots), per GEMM the gather of its input rows into the
    wgmma kernel's x image (xp1 / xp2, over units1 / units2 16-byte chunks) and the grouped wgmma GEMM."""
    BM: int
    xp1: jit.Launch
    units1: int
    g1: jit.Launch
    xp2: jit.Launch
    units2: int
    g2: jit.Launch


def _raster_rows(BM: int, kt: int, nblocks: int) -> int:
    """Row blocks per raster group of the prefill path's GEMM with K = 64 kt (see the kernel): as many as keep
    their x rows within WGMMA_RASTER_MB (NVFP4_JIT_MOE_RASTER=MB overrides it; 0: no groups, row blocks fastest)."""
    env = os.environ.get("NVFP4_JIT_MOE_RASTER")
    try:
        mb = float(env) if env else WGMMA_RASTER_MB
    except ValueError:
        mb = math.nan
    if not 0 <= mb < math.inf:
        raise ValueError(f"NVFP4_JIT_MOE_RASTER={env!r}: expected MB of x rows per raster group (0: none)")
    if mb == 0:
        return max(nblocks, 1)
    return max(1, -(-nblocks // 65535), min(nblocks, int(mb * 2 ** 20) // (BM * kt * 128)))  # (gridDim.z <= 65535)


def _wgmma_launches(w13, w2, slots: int, BM: int, dt: str, dev: int, act: str) -> _WgmmaPlan:
    """act: GEMM 2's gather applies the gated activation to GEMM 1's interleaved output ("" where torch does)."""
    arch = jit.device_arch(dev)
    cfg = _moe_wgmma_config(BM)
    _, AT, WG, _, _, _, kg, _ = marlin._wgmma_full(cfg)

    def gemm(w):  # wq sc xs out bias gscale | M N K KT N16 | ws cnt | sorted_ids block_expert route_w | T | strides
        kernel = jit.get_kernel(marlin.wgmma_spec(arch, dt, w.group, cfg, moe=True))
        gr = _raster_rows(BM, w.kt, slots // BM)  # grid: (gr, columns, groups of gr row blocks)
        return jit.Launch(kernel, dev, (gr, -(-w.n16 // (4 * AT * WG)), -(-(slots // BM) // gr)),
                          (kg * WG * 128 + 128,), marlin.wgmma_smem(cfg, w.group), "QQQQQQiiiiiQQQQQiqq")

    def gather(w, act=""):  # x xs | M K KT BM units | sorted_ids T div
        units = w.kt * slots * 8
        xperm = jit.get_kernel(marlin.xperm_spec(arch, True, act, dt))
        return jit.Launch(xperm, dev, (-(-units // 256),), (256,), 0, "QQiiiiqQii"), units

    xp1, units1 = gather(w13)
    xp2, units2 = gather(w2, act)
    return _WgmmaPlan(BM, xp1, units1, gemm(w13), xp2, units2, gemm(w2))


def _fused_moe_wgmma(plan, x, w13, w2, topk_weights, topk_ids, activation: str, e0: int, stream: int,
                     w13_bias=None, b2=None):
    """fused_moe's prefill path (see WGMMA_MIN_PAIRS): align, gather, GEMM 1 (+ w13's biases), (activation in torch
    unless fused,) gather (with the fused activation), GEMM 2 (+ w2's biases b2, fp32 [E, H]) with the router weights,
    top-k sum."""
    wp, (M, H), T, E = plan.wgmma, x.shape, topk_weights.numel(), w13.num_experts
    top_k, dev, ids = T // M, x.device, topk_ids.data_ptr()
    routing = torch.empty(plan.max_slots + plan.nblocks, dtype=torch.int32, device=dev)
    sorted_ptr = routing.data_ptr()
    be_ptr = sorted_ptr + 4 * plan.max_slots
    plan.align(stream, ids, T, E, e0, sorted_ptr, be_ptr, plan.max_slots, plan.nblocks)
    rw = topk_weights.reshape(-1).to(torch.float32).contiguous()
    xs = torch.empty(plan.max_slots * w13.kt * 64, dtype=x.dtype, device=dev)
    wp.xp1(stream, x.data_ptr(), xs.data_ptr(), plan.max_slots, H, w13.kt, wp.BM, wp.units1, sorted_ptr, T, top_k)
    h = torch.empty(T, w13.n, dtype=x.dtype, device=dev)  # (rows of dropped pairs stay unwritten and unused)
    b13 = None if w13_bias is None else _bias_rows(w13_bias, w13)
    wp.g1(stream, w13.wq.data_ptr(), w13.sc.data_ptr(), xs.data_ptr(), h.data_ptr(),
          0 if b13 is None else b13.data_ptr(), w13.gscale.data_ptr(),
          plan.max_slots, w13.n, w13.k, w13.kt, w13.n16, 0, 0, sorted_ptr, be_ptr, 0, T, plan.strides13[0],
          plan.strides13[1], pdl=plan.pdl)
    inter = w2.k
    # gate / up n16 tiles interleaved (prepare_weight(gate_up=True)): GEMM 2's gather applies the activation
    a = h if plan.fused_act else _between(h, w13, inter, activation, None, topk_ids, e0)
    # Buffers are released as soon as their last reader is launched, so that the caching allocator can hand their
    # memory to the next ones (peak: one xs image and one of h / y less). That is safe under PDL: GEMM 1 (xs' last
    # reader) and the gather of GEMM 2 (h's) end before the next kernel that writes (the gather, launched normally;
    # GEMM 2 writes y only after griddepcontrol.wait, i.e. after that gather).
    del xs
    xs = torch.empty(plan.max_slots * w2.kt * 64, dtype=x.dtype, device=dev)
    wp.xp2(stream, a.data_ptr(), xs.data_ptr(), plan.max_slots, inter, w2.kt, wp.BM, wp.units2, sorted_ptr, T, 1)
    del a, h
    y = torch.empty(T, H, dtype=x.dtype, device=dev)
    wp.g2(stream, w2.wq.data_ptr(), w2.sc.data_ptr(), xs.data_ptr(), y.data_ptr(),
          0 if b2 is None else b2.data_ptr(), w2.gscale.data_ptr(),
          plan.max_slots, H, inter, w2.kt, w2.n16, 0, 0, sorted_ptr, be_ptr, rw.data_ptr(), T, plan.strides2[0],
          plan.strides2[1], pdl=plan.pdl)
    out = torch.empty(M, H, dtype=x.dtype, device=dev)
    plan.sum(stream, y.data_ptr(), ids, out.data_ptr(), M, top_k, H, E, e0, pdl=plan.pdl)
    return out


# fused_moe's launch plans (as marlin's for the dense GEMM): its decisions per (tokens, top k, expert shapes, dtype,
# device, id dtype, activation, tuning environment) -- direct or aligned, block, configs, GEMM 2's kind, kernels,
# grids, workspace -- made once, so that an eager call costs its allocations and four launches of host time.
@dataclasses.dataclass
class _Plan:
    direct: bool
    grouped: bool  # several tokens without the align kernel (grouped direct GEMMs)
    slots: int  # the GEMMs' M: rows of sorted_ids (direct: one block of 8 slots per pair)
    g1: jit.Launch | None
    g1_pdl: bool
    fused_act: bool  # GEMM 1 applies the gated activation (its output: [T, I]; else [T, w13 rows], then torch)
    down: str  # GEMM 2: "resident" (mode moe_down, one token), "topk_sum" (sums the pairs, one token), "rows" (+ sum)
    g2: jit.Launch | None
    pdl: bool  # GEMM 2 and the top-k sum with PDL
    strides13: tuple = (0, 0)  # per-expert strides of wq (uint4s) and sc (bytes)
    strides2: tuple = (0, 0)
    max_slots: int = 0  # aligned: sorted_ids' length, blocks
    nblocks: int = 0
    align: jit.Launch | None = None
    sum: jit.Launch | None = None
    umax: int = 0  # resident GEMM 2: units per CTA at most
    ws: int = 0  # the one-token top-k sum's fp32 workspace and tile counters (pointers; see marlin._workspace)
    cnt: int = 0
    keep: tuple = ()
    wgmma: _WgmmaPlan | None = None  # the prefill path (then g1 / g2 are None)


_plans: dict[tuple, _Plan] = {}
_ENV = ("NVFP4_JIT_MARLIN_CONFIG", "NVFP4_JIT_PDL", "NVFP4_JIT_MOE_DOWN", "NVFP4_JIT_MOE_WGMMA",
        "NVFP4_JIT_MOE_WGMMA_CONFIG", "NVFP4_JIT_MOE_RASTER",
        "NVFP4_JIT_MOE_DIRECT")  # (read on every call, see marlin)
_env_state = marlin._env_reader(_ENV)


def _make_plan(M: int, top_k: int, w13: PreparedMoEWeight, w2: PreparedMoEWeight, dt: str, dev: int, id_dtype,
               activation: str) -> _Plan:
    T, E, inter = M * top_k, w13.num_experts, w2.k
    # the gated activation in GEMM 1's epilogue / GEMM 2's gather (else torch between the GEMMs: _between)
    # (w13's biases: GEMM 1's epilogue adds them; on the prefill path, before the gather applies the activation)
    fused_act = w13.gate_up and w13.n == 2 * inter
    if w2.n % 8:  # (the top-k sum's 16-byte rows; H is w13's K, a multiple of 16 for prepared weights)
        raise ValueError(f"the top-k sum needs H % 8 == 0, got H = {w2.n}")
    arch = jit.device_arch(dev)
    # decode: each (token, expert) pair can be its own GEMM block, its expert read from the ids (no align kernel;
    # a pair per block reads an expert's weights once per token that picked it). One token: the top-k sum runs in
    # GEMM 2 (topk_sum, or the resident kernel); several: moe_sum as usual.
    direct = M <= DIRECT_MAX_M and id_dtype == torch.int32
    if not direct and use_wgmma(T, E, arch):
        BM = _moe_wgmma_config(_wgmma_block(M, top_k, E, min(w13.k, inter)))[0]
        align, max_slots = _align_launch(dev, E, T, BM, id_dtype)
        return _Plan(direct=False, grouped=False, slots=max_slots, g1=None, g1_pdl=False,
                     fused_act=fused_act, down="rows", g2=None, pdl=marlin.use_pdl(arch),
                     strides13=(w13.wq[0].numel() // 16, w13.sc[0].numel()),
                     strides2=(w2.wq[0].numel() // 16, w2.sc[0].numel()), max_slots=max_slots,
                     nblocks=max_slots // BM, align=align, sum=_sum_launch(dev, dt, id_dtype, M, w2.n),
                     wgmma=_wgmma_launches(w13, w2, max_slots, BM, dt, dev,
                                           activation if fused_act else ""))
    grouped = (not direct and T <= DIRECT_MAX_PAIRS and M <= _grouped_max_tokens()
               and id_dtype == torch.int32)
    block = 8 if direct or grouped else _block_for(T / E)
    cfg = marlin.tile_config(block, w13.n16, w13.kt, ring=False)
    assert 8 * cfg[0] == block
    extra = {}
    if direct or grouped:
        slots, nblocks = block * T, T
    else:
        align, max_slots = _align_launch(dev, E, T, block, id_dtype)
        slots, nblocks = max_slots, max_slots // block
        extra = dict(max_slots=max_slots, nblocks=nblocks, align=align)
    strides = [(w.wq[0].numel() // 16, w.sc[0].numel()) for w in (w13, w2)]
    # SM90+ (programmatic dependent launch): GEMM 1 with the fused activation is launched while the align kernel
    # runs, GEMM 2 while GEMM 1 finishes (its first weights load before it waits for GEMM 1's output), the top-k
    # sum while GEMM 2 finishes; each waits for its predecessor before reading what that writes. One-token decode
    # with the fused activation (SM90+): GEMM 2 is the resident kernel (mode moe_down), whose CTAs stage their
    # whole weight slices in shared memory while GEMM 1 runs (GEMM 1 then signals at its start, `early`).
    pdl = marlin.use_pdl(arch)
    down = _down_plan(w2, T, dev) if direct and M == 1 and fused_act and jit.arch_sm(arch) >= 90 else None
    if fused_act:  # activation fused into GEMM 1's epilogue
        cfg1 = gate_up_config(cfg[0], w13.kt, direct, grouped)
        g1 = marlin.moe_launch(w13, nblocks, cfg1, dt, dev, act=activation, direct=direct or grouped,
                               early=down is not None and pdl, grouped=grouped)
        g1_pdl = pdl and not direct and not grouped
    else:
        g1, g1_pdl = marlin.moe_launch(w13, nblocks, cfg, dt, dev, direct=direct or grouped, grouped=grouped), False
    common = dict(direct=direct, grouped=grouped, slots=slots, g1=g1, g1_pdl=g1_pdl, fused_act=fused_act,
                  pdl=pdl, strides13=strides[0], strides2=strides[1], **extra)
    if down is not None:
        ctas, umax, smem = down
        ws, cnt = marlin._workspace(dev, w2.n16 * 16, w2.n16)  # reserved by prepare_moe_weight (no allocation)
        g2 = jit.Launch(jit.get_kernel(down_spec(arch, dt, w2.group)), dev, (ctas,), (DOWN_WARPS * 32,), smem,
                        "QQQQQQQiiiiiqqiiiQQ")  # wq sc a out gscale ids route_w | T N K KT N16 | strides | E e0 UMAX | ws cnt
        return _Plan(down="resident", g2=g2, umax=umax, ws=ws.data_ptr(), cnt=cnt.data_ptr(), keep=(ws, cnt),
                     **common)
    cfg2 = down_config(cfg[0], w2.n16, w2.kt, T, direct)
    if direct and M == 1 and T <= TOPK_SUM_MAX:
        g2 = marlin.moe_launch(w2, nblocks, cfg2, dt, dev, direct=True, topk_sum=True)
        ws, cnt = marlin._workspace(dev, T * w2.n, -(-w2.n16 // (cfg2[1] * cfg2[2])))
        return _Plan(down="topk_sum", g2=g2, ws=ws.data_ptr(), cnt=cnt.data_ptr(), keep=(ws, cnt), **common)
    g2 = marlin.moe_launch(w2, nblocks, cfg2, dt, dev, direct=direct or grouped, grouped=grouped)
    return _Plan(down="rows", g2=g2, sum=_sum_launch(dev, dt, id_dtype, M, w2.n), **common)


def reference(x, w13: list[NVFP4Weight], w2: list[NVFP4Weight], topk_weights, topk_ids, activation="silu",
              expert_offset=0, w13_bias=None, w2_bias=None) -> torch.Tensor:
    """float64 per-token loop over the dequantized experts (biases as in fused_moe)."""
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
            if w13_bias is not None:
                h = h + w13_bias[e].to(h)
            a = _activation(h[None], inter, activation)[0]
            y = a @ w2d[e].t()
            if w2_bias is not None:
                y = y + w2_bias[e].to(y)
            out[m] += topk_weights[m, j].double() * y
    return out
