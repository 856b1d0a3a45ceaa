"""Marlin-style W4A16 GEMM for SM75-SM90: FP4 weights (NVFP4 or MXFP4) x fp16/bf16 activations.

    prepared = prepare_weight(NVFP4Weight)          # once, at load time (GPU, torch ops)
    out = gemm(x, prepared, bias=None)              # out[M, N] = x[M, K] @ W[N, K]^T (+ bias)

Paths (templates/marlin_gemm.cu.j2, chosen per call by M, N and the arch; measured on H100 in bench/RESULTS.md):
* the mma.sync kernel (every arch) up to NVFP4_JIT_MARLIN_MAX_M (128) tokens;
* on SM90a the wgmma kernel (x in shared memory, weights as the register A operand) from 9, 17, 33 or 65 tokens
  (by the layer's size and the grid its tiles fill) up to 256-2048 (``use_wgmma``; the comment above
  WGMMA_CONFIGS);
* beyond, the dequantize kernel + cuBLAS (torch.addmm).
The template's header comment documents the prepared layout that ``prepare_weight`` writes.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import math
import os
import re
import weakref

import numpy as np
import torch

from . import jit
from .numerics import NVFP4Weight, unpack_fp4

DTYPES = {torch.float16: "f16", torch.bfloat16: "bf16"}
TEMPLATE = "marlin_gemm.cu.j2"
log = logging.getLogger(__name__)
# Tile configs (MT m8 tiles, NT n16 tiles per warp, WN x WK warps, P super-tiles in flight per warp and buffer,
# xpf: x prefetched with the weights[, minb: CTAs per SM for the register budget, cpa: cp.async ring stages]),
# chosen by the H100 sweeps in bench/notes/tune_sweep*_h100.log (bench/tune_gemm.py). Few tokens: all 8 warps of
# a CTA split K in one n16 strip (WK = 8) while each warp keeps >= 4 super-tiles, else WK = 4 or 2 (short K, e.g.
# MoE down projections), x prefetched. 17..32 tokens: NT = 2 on wide layers. 33+ tokens: NT = 2, no x prefetch
# (registers). Warmup compiles exactly these.
# minb 3 / 2: NVRTC 13.0 gives the MT = 1 / 2 kernels 86-89 / 128-139 registers, one CTA per SM less than these
# (6144x4096 M=1 on H200: 10.4 -> 12.4 us at 89 registers)
SMALL_M_MINB = {1: 3, 2: 2}
SMALL_M_CONFIGS = {(mt, wk): (mt, 1, 8 // wk, wk, 2, 1, SMALL_M_MINB[mt]) for mt in (1, 2) for wk in (8, 4, 2)}
# 9..16 tokens, one batch of P = 1 super-tile: 3 CTAs per SM instead of 2 (choose_config takes it when the P = 2
# grid needs more than one wave: 6144x4096 M=12/16 13.7/14.0 -> 10.5/10.6 µs, H200, bench/notes/waves_s7_h200.log)
SMALL_M2_P1 = {wk: (2, 1, 8 // wk, wk, 1, 1, 3) for wk in (8, 4, 2)}
LONG_K_M8 = (1, 1, 1, 8, 2, 0)  # <= 8 tokens and K > 16384: the x prefetch measured slower (8192x28672)
# <= 8 tokens on wide layers (N >= 8192): two n16 tiles per warp (28672x4096 M=1..4 -4..7%, 8192x28672 -4..12%;
# bench/notes/tune_small_m_h100.log); K <= 16384 ("short") or longer. "short" with one column of 4 K-warps (4 CTAs
# per SM of 128 threads instead of 2 of 256; H200, bench/notes/waves_s7_h200.log: 28672x4096 M=1/2/4/8
# 25.6/25.8/25.9/26.1 -> 23.4/24.8/25.1/25.9 µs).
WIDE_M8 = {"short": (1, 2, 1, 4, 2, 1), "long": (1, 2, 1, 8, 2, 1)}
# Where WIDE_M8["short"]'s grid needs more than one wave and this one's fits in one: four n16 tiles per warp, one
# super-tile per batch, no x prefetch (96 registers: 5 CTAs of 128 threads per SM on SM90), half the CTAs (H100,
# bench/notes/tune_gemm_nt4_s11_h100.log, two rounds: 28672x4096 M=1/4/8 28.8-29.4 -> 28.1-28.4 µs; 14336x4096,
# one wave of "short" already, and the long-K 8192x28672 are slower with it).
WIDE_M8_NT4 = (1, 4, 1, 4, 1, 0)
# The same for 9..16 tokens where neither RING_M16_WIDE's nor RING_M16_WIDE4's grid fits in one wave (128 registers:
# 4 CTAs of 128 threads per SM on SM90; 28672x4096: 448 CTAs instead of 896). H100, two rounds
# (bench/notes/ab_m16_nt4_s11_h100.log): 28672x4096 M=9/12/16 37.0/36.9/39.5 (RING_M16_WIDE) -> 32.0/32.6/33.1 µs.
WIDE_M16_NT4 = (2, 4, 1, 4, 1, 0)
CONFIG_M32 = {"narrow": (4, 1, 2, 4, 2, 1), "wide": (4, 2, 2, 2, 2, 1)}
CONFIG_M64 = (8, 2, 1, 4, 1, 0)
# cp.async-ring configs (8th element: ring stages; SM80+), from the H200 sweep bench/notes/tune_ring_h200.log:
# faster than the register pipeline for 9..16 tokens on wide layers (28672x4096 39.1 -> 36.0 µs, 8192x28672 64.8
# -> 62.2), 17..32 tokens on layers larger than 4096x4096 with K <= 16384 (28672x4096 51.5 -> 45.6, 6144x4096
# 22.1 -> 18.6, 4096x14336 32.4 -> ~30) and 33+ tokens everywhere (2-5%). Not for <= 8 tokens (the register
# configs measured 5-10% faster) nor the fused MoE (3-8% slower: bench/notes/tune_moe_ring_h200.log).
# Since the ring loop is unrolled by its stages (shared addresses are constants, ~20% fewer instructions; the kernel
# is issue-bound at 9..16 tokens, bench/notes/ncu_mma_m16_h200.txt) it needs 80 registers for 3 CTAs per SM
# (minb 3; 2 below SM90, see _full_config): 8192x28672 M=12/16 58.8/59.5 -> 52.4/53.4 µs, 28672x4096 33.8/34.3 ->
# 30.3/33.5 (at minb 2, 36.8: 2 CTAs per SM; bench/notes/ab_ring_unroll_h200.log).
RING_M16_WIDE = (2, 2, 1, 8, 1, 0, 3, 3)
# The same with one column of 4 K-warps (5 CTAs of 128 threads per SM): choose_config takes it where RING_M16_WIDE's
# grid needs more than one wave and this one's fits in one (H200, bench/notes/waves_s7_h200.log: 14336x4096
# M=9/16 20.2/21.0 -> 18.6/19.3 µs; 28672x4096, which needs 1.4 waves of it, 29.9 -> 32.2 at M=9).
RING_M16_WIDE4 = (2, 2, 1, 4, 1, 0, 5, 3)
RING_M32 = (4, 2, 1, 4, 1, 0, 0, 3)
RING_M64 = (8, 2, 1, 4, 1, 0, 0, 3)
CONFIGS = (tuple(SMALL_M_CONFIGS.values()) + tuple(SMALL_M2_P1.values()) + (LONG_K_M8,) + tuple(WIDE_M8.values())
           + (WIDE_M8_NT4, WIDE_M16_NT4)
           + tuple(CONFIG_M32.values()) + (CONFIG_M64, RING_M16_WIDE, RING_M16_WIDE4, RING_M32, RING_M64))
# Above this many tokens the dequantize + cuBLAS path is used (measured on H100, see bench/RESULTS.md).
DEFAULT_MAX_M_KERNEL = 128
# SM90a (Hopper) kernel: wgmma with the dequantized weights as the register A operand and x in shared memory.
# A config is (BM tokens per CTA, AT 64-row A tiles per consumer warpgroup, WG consumer warpgroups, D pipeline stages,
# MINB CTAs per SM for the register budget, S super-tiles per stage[, KG K groups[, U super-tiles per wgmma batch]]);
# one producer warpgroup fills the D-stage ring (tensor-map copies, see use_tmap). The tiles and where
# choose_wgmma takes them (H100 sweeps of bench/tune_wgmma.py and A/Bs of bench/ab_env.py; the numbers behind every
# choice are in bench/RESULTS.md, by session, and the logs it names in bench/notes):
# * "m16" / "m32r" (9-16 / 17-32 tokens) on the largest wide layers (WGMMA_M16_MIN_WEIGHT), "m32" (17-32) on other
#   wide ones from WGMMA_M32_MIN_WEIGHT: 128 rows, 2 CTAs per SM; m16 / m32r with the deeper ring of shorter stages
#   (D = 4, S = 2: a slot is refilled after 2 super-tiles), which wins there and loses on smaller layers
#   (nineteenth session: 28672x4096 M = 16 32.9 -> 30.8 µs against mma.sync, 10240x8192 25.2 -> 30.5).
# * "s32x2" / "s32x3" (17-32 tokens, other wide layers) and "s64x2" / "s64x3" (33-64, any layer the K-group tiles
#   below do not take): one consumer warpgroup (64 rows) per CTA, 2 / 3 CTAs per SM, where the grid (split K by
#   wgmma_split_k) fills >= WGMMA_WG1_FILL of one wave, 2 per SM first (_single_wg). Twice the CTAs of the two-
#   warpgroup tiles even out the grid (twentieth session: 14336x4096 M = 64 29.5 -> 24.7 µs, 10240x8192 M = 32
#   33.7 -> 29.2, 24576x4096 M = 64 37.6 -> 33.6); where neither fills a wave (28672x4096, 57344x8192) they lose,
#   and on 8192x28672 (WGMMA_WG1_MAX_WEIGHT) by 2%.
# * "m64k" / "m128k" (up to 256 tokens, K < WGMMA_LONG_KT super-tiles, while their 64-row tiles fit one wave): KG = 2
#   sets of consumer warpgroups on the same rows take turns by stage. One consumer warp per scheduler cannot issue
#   a super-tile's dequantization (~120 instructions) in the time of its wgmmas; when the grid is one wave anyway,
#   twice the warps per SM is the way to more throughput (H200: 6144x4096 M = 64 34.4 -> 21.9 µs). At 33-64 tokens
#   "m32k" (the same with 32-token tiles, two row blocks, no split K) where its grid fits one wave (N <= 4224): twice
#   the CTAs of m64k, so twice the SMs dequantize (twenty-fourth session, ab_small_bm_s24_h100.log / ab_m32k_s24_h100
#   .log, m64k -> m32k at 33-64 tokens: 4096x2048 12.2 -> 10.9 µs, 4096x4096 15.3-15.6 -> 14.4-14.9, 3584x3584 15.2-
#   15.5 -> 13.9-14.2, 2560x2560 12.8-13.2 -> 11.3-11.8; it loses at 128 tokens (two waves) and on long-K layers
#   with split K, ab_m32k_longk_s24_h100.log: 2560x8192 M = 64 19.4 against 22.2). At 17-32 tokens one row block
#   of m32k on K <= 4096 layers 4240-8448 wide, instead of mma.sync (_m32k_decode); at 65-96 tokens two row blocks
#   of "m48k" (48-token tiles) where m64k would run two of 64 (twenty-fifth session, ab_m48k_s25_h100.log: 4-9%).
#   At 65-128 tokens on narrow layers with K <= 8192 the K-group tile (32 / 48 / 64 tokens) and split K whose grid is
#   fullest within one wave (_kgroup_fill: 3-4 row blocks where they fit, e.g. 2560x8192 M = 96 27.7 -> 22.4 µs).
# * 65-127 tokens where "m128k" / "m128" run one row block, and 129-224 where "m128" runs two: the same tiles with BM
#   = ceil(M / row blocks) rounded up to 16 ("m80k" ... "m112", _fit_bm; each CTA's wgmmas and x copies scale with
#   BM: 8192x2048 M = 72 18.0 -> 14.1 µs). Every 64 / 128 / 256-token tile has such twins (WGMMA_FITS).
# * 65-256 tokens: "big" fitted to M (one row block) split K 1-3 by the busiest SM's load (_big_split), and in place
#   of the "m128" twins where that load is <= WGMMA_BIG_GAIN of theirs (_or_big: 10240x8192 M = 96 51.6 -> 46.9 µs,
#   4608x14336 M = 160 79.7 -> 48.7). On wide layers two row blocks of the "m128" twins in its place where
#   its grid is short or, with K <= 4096, split into waves (_big_or_twins: 24576x4096 M = 224 96.5 -> 80.1 µs).
# * wide layers beyond: "m64" (64 tokens x 128 rows; "m64d", its D = 4, S = 4 one-CTA-per-SM twin with half the
#   split, where m64's split K fills >= 95% of its two-per-SM wave: thirty-second session, ab_m64d_s32h_h100.log,
#   ab_m64d_s32i_h100.log, against the D = 4, S = 2 two-per-SM ring "m64r" it replaced: 8192x28672 M = 40 / 48 /
#   56 / 64 62.0 / 62.5 / 66.8 / 67.4 -> 60.8 / 61.3 / 65.9 / 66.3 µs, 16384x14336 M = 40 / 64 60.2 / 65.3 -> 57.4 /
#   62.6, 16384x16384 M = 64 73.2 -> 70.4, 16384x53248 M = 48 199.3 -> 193.5, 8192x53248 M = 64 121.4 -> 118.5),
#   "m128" (128 x 64), "big" (256 x 128); narrow ones: "m64d" (long
#   K) / "m128d" (one CTA per SM, deeper rings) where the K-group tiles do not fit one wave, "m128" up to 256 tokens
#   (but "m64k", split, at 33-256 on long-K layers where its grid fits half a wave, m64k_split: 1024x8192 M = 128
#   24.6 -> 16.1, 2048x14336 M = 48 26.4 -> 20.2),
#   "m128w" (128 x 128, one CTA per SM) at 257-1024 tokens with K <= 4096 where its waves cost less (below).
# * S > 1 makes every copy S times larger (fewer, larger copies measured 15-25% faster). For long K, more rows per
#   CTA (less x copied per weight) split to fill the wave beat the K-group tiles (H200: 4096x14336 M = 128 54.9 ->
#   40.7 µs). Split K (see choose_wgmma) meets in per-slice fp32 partial tiles that the last CTA of a tile adds in
#   K order (deterministic; atomics into one tile cost more than the split saved).
# Where the wgmma kernel runs (use_wgmma): on wide layers (N >= 8192) from 9 / 17 / 33 tokens (by size, as above);
# from 17 on any layer where an "s32x*" tile fills a wave (4096x28672 M = 32: 54.3 -> 37.4 µs, 5120x8192 23.6 ->
# 20.9, 8192x4096 19.2 -> 17.5 against mma.sync); on narrow ones from 33 tokens (65 below 4096x1024; not where
# rows_config keeps 17-64 tokens on mma.sync, small layers up to N = 2112, but for its K = 8192 rows of 32-token
# tiles, which m64k_split takes) up to 256, and
# up to 2048 where K > 4096 and the layer is larger than 4096x4096. On narrow layers with 2048 <= K <= 4096 (and
# N >= 4096), 257-1024 tokens run "m128w" where its waves cost less than dequantize + cuBLAS, both estimated
# (_m128w_wins): a wave of it costs about the same however full.
# Beyond 2048 tokens dequantize + cuBLAS is 3-5% faster.
WGMMA_CONFIGS = {"m64": (64, 1, 2, 2, 2, 4), "m128": (128, 1, 1, 3, 2, 2), "big": (256, 1, 2, 3, 1, 2),
                 "m64d": (64, 1, 2, 4, 1, 4), "m128d": (128, 1, 1, 4, 1, 3),
                 "m64k": (64, 1, 1, 4, 1, 4, 2), "m128k": (128, 1, 1, 4, 1, 3, 2), "m32": (32, 1, 2, 2, 2, 4),
                 "m128w": (128, 1, 2, 4, 1, 2), "m16": (16, 1, 2, 4, 2, 2), "m32r": (32, 1, 2, 4, 2, 2),
                 "m32k": (32, 1, 1, 4, 1, 4, 2), "m48k": (48, 1, 1, 4, 1, 4, 2),
                 "s32x2": (32, 1, 1, 4, 2, 2), "s32x3": (32, 1, 1, 4, 3, 2),
                 "s64x2": (64, 1, 1, 4, 2, 2), "s64x3": (64, 1, 1, 3, 3, 2)}
# Fitted twins (_fit_bm): the same tile with fewer tokens, where M needs fewer per row block
WGMMA_FITS = {"m128k": ("m80k", "m96k", "m112k"), "m128": ("m80", "m96", "m112"),
              "big": ("b80", "b96", "b112", "b128", "b160", "b192", "b224"),
              "m64": ("m48w",), "s64x2": ("s48x2",), "s64x3": ("s48x3",), "m64d": ("m48d",),
              "m64k": ("m48k",)}
WGMMA_CONFIGS.update({f: (int(re.match(r"\D*(\d+)", f)[1]),) + WGMMA_CONFIGS[base][1:]  # (BM: the name's number)
                      for base, fits in WGMMA_FITS.items() for f in fits if f not in WGMMA_CONFIGS})
WGMMA_LONG_KT = 128
WGMMA_MIN_SLICE = 32
WGMMA_BIG_MAX_SPLIT = 3  # "big" at 65-256 tokens: split K 1..3 by the busiest SM's load (_big_split)
WGMMA_BIG_GAIN = 0.8  # ... in place of the "m128" twins (_or_big) where that load is at most this fraction of theirs
# and, the other way, two row blocks of the "m128" twins in place of "big" at 129-256 tokens where theirs is at most
# this fraction of big's. H100, µs big -> twins (ab_m128_s30_h100.log): at 0.5x (8192 x K <= 3584, 64 big CTAs) all
# won, 8192x2048 M = 160 / 224 / 256 28.5 / 37.1 / 40.9 -> 18.2 / 21.7 / 24.2, 8192x3584 37.7 / 49.7 / 55.3 -> 26.0
# / 29.4 / 32.2; at 0.75x (9216-12288 x 4096 / 8192) they lost at 160 tokens (12288x4096 41.1 -> 47.9) and mostly
# at 224-256, hence 0.6 (10240x1024, 0.75x, the exception: 22.4 / 28.6 / 32.0 -> 20.7 / 24.4 / 29.4)
WGMMA_TWIN_GAIN = 0.6
# Where the twins' load is above that, big stays, but for the "m128" twins at an even load where big splits K = 4096
# into more than one wave (_big_or_twins; thirty-first session, ab_split2_s31d_h100.log, ab_split2_s31e_h100.log:
# 18432-57344 x 4096, 4-20%, e.g. 24576x4096 M = 160 / 224 / 256 79.9 / 101.7 / 115.3 -> 72.7 / 83.9 / 92.9 µs; with
# the staged epilogue 77.3 / 96.5 / 107.1 -> 69.5 / 80.1 / 84.3, ab_picks_s32o_h100.log). At K = 8192 that was mixed
# (ab_split2_s31f_h100.log), so K > 4096 keeps big. The thirty-first session's other twins (the K-group "m128k"
# twins at 193-256 tokens, the "m128" twins at an even load with K <= 2048) lost to big by 1-22% in 19 of 20
# cases once the output went through shared memory (ab_picks_s32o_h100.log, ab_picks_s32p_h100.log: e.g.
# 9216x1024 M = 224 23.0 -> 19.7 µs, 12288x4096 M = 224 50.9 -> 45.4, 14336x1536 M = 160 24.0 -> 19.7, 28672x1024
# M = 224 36.3 -> 33.4), so they are gone; left behind: 9216x3072 and 14336x1024 at 256 tokens (big 41.2 / 23.7
# against 39.3 / 23.1 for the twins).
WGMMA_NARROW_MAX_M = 256
WGMMA_NARROW_WIDE_TILE_MAX_M = 1024  # "m128w", narrow layers with N >= 4096 and 2048 <= K <= 4096, where
M128W_WAVE_US = (1.0, 5.0, 5.5)  # its a + waves x (b + c x K / 1024) µs are at most dequantize + cuBLAS's:
DEQUANT_CUBLAS_US = (4.0, 2.6e6, 750e6)  # a + N x K x 2.5625 bytes / b + 2 M N K flops / c (see _m128w_wins)
WGMMA_WIDE_N16 = 512
WGMMA_SMALL_WEIGHT = 256 * 64  # n16 * kt of 4096x4096
WGMMA_MAX_M = 2048
WGMMA_M32_MIN_WEIGHT = 3 * WGMMA_SMALL_WEIGHT  # n16 * kt: wide layers from 12288x4096 take "m32" at 17-32 tokens
WGMMA_M16_MIN_WEIGHT = 7 * WGMMA_SMALL_WEIGHT  # ... from 28672x4096 / 14336x8192 "m16" at 9-16, "m32r" at 17-32
WGMMA_WG1_FILL = 0.8  # "s32x*" / "s64x*" where their grid fills one wave to this fraction, on layers below
WGMMA_WG1_MAX_WEIGHT = 14 * WGMMA_SMALL_WEIGHT  # ... this (8192x28672 M = 64: 71.2 µs against 69.7 for m64)
WGMMA_MAX_SMEM = 227 * 1024  # per CTA on SM90
WGMMA_SM_SMEM = 228 * 1024  # per SM (each CTA also takes 1 KiB of it)
WGMMA_ARCH = "sm_90a"


@dataclasses.dataclass
class PreparedWeight:
    """An FP4 weight in the kernel's tile layout (see the template header)."""

    wq: torch.Tensor  # uint8 [N16 * KT * 512]
    sc: torch.Tensor  # uint8 re-biased scale bytes
    gscale: torch.Tensor  # float32 [1]: global scale * 2^7 (device, read by the kernel: no host sync)
    gscale_host: float
    n: int
    k: int
    fmt: str
    group: int
    # rows [gate (I); up (I)] stored with their n16 tiles interleaved (gate 0, up 0, gate 1, ...): gemm(act=...) /
    # the MoE's GEMM 1 apply the gated activation in the epilogue (prepare_weight(gate_up=True))
    gate_up: bool = False

    @property
    def n16(self) -> int:
        return -(-self.n // 16)

    @property
    def kt(self) -> int:
        return -(-self.k // 64)

    @property
    def device(self) -> torch.device:
        return self.wq.device


def _rebias_nvfp4_scales(scales: torch.Tensor) -> torch.Tensor:
    """E4M3 scale 2^e (1 + m/8) -> byte ((e + 22) << 3) | m; e in [-9, 8] so the byte's exponent is in 13..30."""
    v = scales.float()
    zero = v == 0
    e = torch.floor(torch.log2(torch.where(zero, torch.ones_like(v), v)))
    m = torch.round((v / torch.exp2(e) - 1.0) * 8.0)
    b = ((e + 22).to(torch.int32) << 3) | m.to(torch.int32)
    return torch.where(zero, torch.zeros_like(b), b).to(torch.uint8)


def _rebias_mxfp4_scales(scales: torch.Tensor) -> tuple[torch.Tensor, float]:
    """E8M0 2^(E-127) -> byte (e' + 22) << 3 with e' = E - 127 - shift, shift chosen so the largest scale maps to
    2^8; the global scale becomes 2^shift. Scales below 2^(shift-16) would underflow fp16 and are flushed to zero
    (they are 2^24 times below the largest block of the tensor)."""
    e = scales.to(torch.int32) - 127
    shift = int(e.max().item()) - 8
    ep = e - shift
    b = torch.where(ep >= -16, (ep + 22) << 3, torch.zeros_like(ep))
    return b.to(torch.uint8), float(2.0**shift)


# Where word j of a lane keeps each of its 8 E2M1 codes (s e1 e0 m), by A register r = 2 (kk >> 1) + h and 16-bit half
# kk & 1: the sign at bit 15 - r of the half, e1 e0 m at bits MAG_POS[r] .. + 2 (see the template's header).
MAG_POS = (6, 0, 9, 3)


def _bit_positions(device) -> tuple[torch.Tensor, torch.Tensor]:
    """(sign bit, magnitude bit offset) in word j of the code for (row half h, column kk), each [h, kk]."""
    h = torch.arange(2, device=device).view(2, 1)
    kk = torch.arange(4, device=device).view(1, 4)
    r = 2 * (kk >> 1) + h
    half = 16 * (kk & 1)
    return half + 15 - r, half + torch.tensor(MAG_POS, device=device)[r]


def interleave_gate_up(w: NVFP4Weight) -> NVFP4Weight:
    """Rows [gate (I); up (I)] -> 16-row tiles gate 0, up 0, gate 1, up 1, ... (the fused epilogue's order)."""
    if w.shape[0] % 32:
        raise ValueError(f"gate_up needs 2I rows with I % 16 == 0, got {w.shape[0]} rows")
    inter = w.shape[0] // 2
    r = torch.arange(inter, device=w.packed.device).view(-1, 16)
    idx = torch.stack([r, r + inter], dim=1).reshape(-1)
    return dataclasses.replace(w, packed=w.packed[idx], scales=w.scales[idx])


def prepare_weight(w: NVFP4Weight, device=None, gate_up: bool = False) -> PreparedWeight:
    """Repack a checkpoint-layout FP4 weight into the kernel tile layout and re-bias its scales (once, on the GPU).
    gate_up=True for a fused [gate; up] weight ([2I, K], I % 16 == 0): gemm(x, w, act="silu" / "gelu") then returns
    act(x @ gate^T) * (x @ up^T) [.., I] from one kernel."""
    if gate_up:
        w = interleave_gate_up(w)
    w.validate()
    device = torch.device(device) if device is not None else w.packed.device
    N, K = w.shape
    group = w.group_size
    packed = w.packed.to(device)
    scales = w.scales.to(device)
    if w.fmt == "nvfp4":
        sb = _rebias_nvfp4_scales(scales)
        gs = float(w.global_scale.float().item())
    else:
        sb, gs = _rebias_mxfp4_scales(scales)
    n16, kt = -(-N // 16), -(-K // 64)
    Np, Kp = n16 * 16, kt * 64

    codes = unpack_fp4(packed).to(torch.int32)  # [N, K]
    # a zero scale must give zero weights (the bf16 scale expansion of byte 0 is not 0)
    zero_blk = (sb == 0).repeat_interleave(group, dim=1)
    codes = torch.where(zero_blk, torch.zeros_like(codes), codes)
    codes = torch.nn.functional.pad(codes, (0, Kp - K, 0, Np - N))
    # n = 16 nb + 8 h + g ; k = 64 kt + 16 t + 4 j + kk
    c = codes.view(n16, 2, 8, kt, 4, 4, 4).permute(0, 3, 2, 4, 5, 1, 6)  # [nb, kt, g, t, j, h, kk]
    sign_pos, mag_pos = _bit_positions(device)  # [h, kk]
    c = c.to(torch.int64)
    words = ((c >> 3) << sign_pos).sum(dim=(-1, -2)) + ((c & 7) << mag_pos).sum(dim=(-1, -2))  # disjoint bits
    # words: [nb, kt, g, t, j]
    words = torch.where(words >= 2**31, words - 2**32, words).to(torch.int32)  # same 32 bits, as int32
    wq = words.contiguous().view(torch.uint8).reshape(-1)

    # scales: [N, K/group] -> [nb, kt, lane-ish, h]
    gpt = 64 // group  # groups per super-tile row
    sbp = torch.nn.functional.pad(sb, (0, kt * gpt - sb.shape[1], 0, Np - N))
    s = sbp.view(n16, 2, 8, kt, gpt).permute(0, 3, 2, 4, 1)  # [nb, kt, g, t (or t/2), h]
    sc = s.contiguous().reshape(-1)
    gscale = torch.tensor([gs * 128.0], dtype=torch.float32, device=device)
    return PreparedWeight(wq, sc, gscale, gs * 128.0, N, K, w.fmt, group, gate_up)


def unprepare_weight(p: PreparedWeight) -> NVFP4Weight:
    """Inverse of prepare_weight: the checkpoint layout back, with the same dequantized values as the kernel
    (blocks whose scale is zero - or, MXFP4, flushed by prepare_weight 2^24 below the largest - come back as
    zeros)."""
    from .numerics import pack_fp4

    n16, kt, group = p.n16, p.kt, p.group
    words = p.wq.view(torch.int32).view(n16, kt, 8, 4, 4).to(torch.int64) & 0xFFFFFFFF  # [nb, kt, g, t, j]
    sign_pos, mag_pos = _bit_positions(p.device)
    w = words[..., None, None]
    c = ((w >> sign_pos) & 1) << 3 | ((w >> mag_pos) & 7)  # [nb, kt, g, t, j, h, kk]
    codes = c.permute(0, 5, 2, 1, 3, 4, 6).reshape(n16 * 16, kt * 64)[: p.n, : p.k].to(torch.uint8)
    gpt = 64 // group
    sb = p.sc.view(n16, kt, 8, gpt, 2).permute(0, 4, 2, 1, 3).reshape(n16 * 16, kt * gpt)
    sb = sb[: p.n, : p.k // group].to(torch.int32)
    gs = p.gscale_host / 128.0
    if p.fmt == "nvfp4":  # byte ((e + 22) << 3) | m  ->  2^e (1 + m/8)
        e, m = (sb >> 3) - 22, sb & 7
        v = torch.exp2(e.float()) * (1 + m.float() / 8)
        scales = torch.where(sb == 0, torch.zeros_like(v), v).to(torch.float8_e4m3fn)
        return NVFP4Weight(pack_fp4(codes), scales, torch.tensor(gs, dtype=torch.float32, device=p.device), "nvfp4")
    shift = round(math.log2(gs))  # MXFP4: the prepared global scale is 2^shift
    E = torch.where(sb == 0, torch.zeros_like(sb), (sb >> 3) - 22 + shift + 127).to(torch.uint8)
    return NVFP4Weight(pack_fp4(codes), E, None, "mxfp4")


# ----------------------------------------------------------------------------------------------- specs
# Dense mma.sync GEMMs on SM90+ are built for programmatic dependent launch (template flag "chain": the kernel
# signals its dependents after its main loop, fetches its first weights, then waits for the previous kernel before
# reading x), so that in a chain of decode GEMMs (a CUDA graph of a model's layers) each one's launch and first
# weight loads overlap the tail of the one before. Launched without PDL the wait returns at once.
# It is launched with PDL only where x is the output of the dense GEMM launched just before on the same stream
# (_chain_tail): launched with PDL after other kernels (torch's norms and activations) it measured 0.1-0.4 µs
# slower per GEMM. bench/probe/pdl_chain_ab.py, H200, µs per layer of four GEMMs, PDL off -> signal at the start /
# after the main loop / at exit: Llama-3-8B M=1 47.6 -> 49.5 / 45.3 / 47.2, M=16 61.5 -> 58.9 / 59.5 / 61.2;
# Llama-3-70B TP4 M=1 49.0 -> 54.5 / 46.6 / 48.4 (signalled at the start, the next GEMM's CTAs probably take the
# SM slots of the first CTAs to finish, unevenly), M=16 62.8 -> 66.9 / 60.4 / 61.9
# (bench/notes/pdl_chain_ab_s8_h200.log).
DENSE_PDL = True
# where the dense kernel signals launch_dependents: "start", "loop" (after its main loop) or "exit" (implicitly)
DENSE_PDL_SIGNAL = "loop"
# The chain kernel reads x with plain loads (after griddep_wait; __ldg's ld.global.nc may be hoisted above it), which
# measured faster than the non-coherent loads of the kernel before on most decode configs, and slower on the short-K
# wide one: same-run A/B, H200, µs, ld.global.nc (volatile, after the wait) -> plain, M=1 / 4 (bench/notes/
# x_loads_ab_s8_h200.log): 6144x4096 10.3/10.3 -> 9.6/9.6, 4096x14336 16.1/16.3 -> 15.4/15.5, 8192x28672
# 39.3/39.1 -> 38.1/37.9, but 28672x4096 (WIDE_M8["short"]) 23.7/24.3 -> 24.9/24.8. Configs here keep the former.
DENSE_X_NC = {WIDE_M8["short"]}


def use_pdl(arch: str) -> bool:
    """Programmatic dependent launch (SM90+) of the fused MoE's kernels after the first, of the dense wgmma GEMM
    after its xperm kernel and of the dense mma.sync GEMM (DENSE_PDL): NVFP4_JIT_PDL=0 / 1, default on."""
    env = os.environ.get("NVFP4_JIT_PDL")
    if env not in (None, "", "0", "1"):
        raise ValueError(f"NVFP4_JIT_PDL={env!r}: expected 0 (off) or 1 (on, SM90+)")
    return env != "0" and jit.arch_sm(arch) >= 90


@functools.lru_cache(maxsize=None)
def gemm_spec(arch: str, dtype: str, group: int, cfg, moe: bool = False, act: str = "",
              direct: bool = False, topk_sum: bool = False, early: bool = False,
              grouped: bool = False) -> jit.KernelSpec:
    """act ("silu" / "gelu"): fused gated activation in the epilogue (weights with interleaved gate/up tiles, NT = 2,
    no split K).
    early (MoE, SM90+): signal launch_dependents at the start, not after the main loop (before the resident GEMM 2,
    whose CTAs then load their weights while this kernel runs).
    direct (MoE only): one-token decode without the align kernel, block b = pair b (see the template); with grouped,
    decode of up to 32 pairs whose GEMM groups them per expert itself.
    topk_sum (direct GEMM 2 only): the pairs' rows are summed into the [1, N] output (fp32 workspace, see the
    template).
    cfg = (MT, NT, WN, WK, P[, xpf[, minb[, cpa]]]): xpf prefetches x one batch ahead with the weights; minb > 0
    limits the registers so that minb CTAs fit on an SM; cpa >= 2 streams the weights through a cpa-stage cp.async
    ring in shared memory (SM80+; ignored on Turing, which has no cp.async)."""
    MT, NT, WN, WK, P, xpf, minb, cpa = _full_config(cfg, arch)
    extra = {"early": True} if moe and early else {}
    if moe and direct and grouped:
        extra["grouped"] = True
    if not moe and DENSE_PDL and jit.arch_sm(arch) >= 90:
        extra["chain"] = DENSE_PDL_SIGNAL  # dense: may be launched with PDL (see gemm)
        if tuple(cfg[:6]) in DENSE_X_NC:
            extra["xnc"] = True
    return jit.KernelSpec.make(TEMPLATE, "fp4_marlin_gemm", arch, mode="gemm", dtype=dtype, group=group, MT=MT,
                               NT=NT, WN=WN, WK=WK, P=P, moe=moe, act=act, xpf=bool(xpf), direct=moe and direct,
                               topk_sum=moe and direct and not act and topk_sum, MINB=minb, cpa=cpa, **extra)


def _full_config(cfg, arch: str):
    """(MT, NT, WN, WK, P[, xpf[, minb[, cpa]]]) -> all eight, cpa = 0 where the arch has no cp.async (SM75), and a
    cp.async ring's minb 3 is 2 below SM90 (there NVRTC's 80 registers spill in the ring loop of RING_M16_WIDE)."""
    MT, NT, WN, WK, P = cfg[:5]
    xpf, minb, cpa = (tuple(cfg[5:]) + (0, 0, 0)[len(cfg) - 5:])[:3]
    sm = jit.arch_sm(arch)
    if cpa and minb > 2 and sm < 90:
        minb = 2
    return MT, NT, WN, WK, P, xpf, minb, cpa if sm >= 80 else 0


def gemm_smem(cfg, arch: str, group: int) -> int:
    """Dynamic shared memory of the mma.sync kernel: the WK partial-sum buffer, or the warps' cp.async rings (the
    buffer reuses them after the main loop), whichever is larger."""
    MT, NT, WN, WK, P, _, _, cpa = _full_config(cfg, arch)
    red = WK * WN * NT * MT * 4 * 32 * 4
    return max(red, WN * WK * cpa * P * NT * (512 + (64 if group == 16 else 32)))


def _wgmma_full(cfg):
    """(BM, AT, WG, D[, MINB[, S[, KG[, U]]]]) -> all eight (MINB, S, KG, U default 1); ValueError unless every K
    group has >= 2 pipeline stages of its own (D a multiple of KG, D >= 2 KG: stage j uses slot j % D) and U (super-
    tiles per wgmma batch) divides S."""
    BM, AT, WG, D, minb, stage, kg, u = tuple(cfg) + (1, 1, 1, 1)[len(cfg) - 4:]
    if D % kg or D < 2 * kg:
        raise ValueError(f"wgmma config {tuple(cfg)}: D must be a multiple of KG and >= 2 KG")
    if stage % u:
        raise ValueError(f"wgmma config {tuple(cfg)}: U must divide S")
    return BM, AT, WG, D, minb, stage, kg, u


@functools.lru_cache(maxsize=None)
def wgmma_spec(arch: str, dtype: str, group: int, cfg, moe: bool = False, tmap: bool = False) -> jit.KernelSpec:
    """Dense SM90a kernel; cfg = (BM, AT, WG, D[, MINB[, S[, KG[, U]]]]), see WGMMA_CONFIGS (MINB: CTAs per SM to fit
    in registers; S: super-tiles per pipeline stage; KG: K groups of WG consumer warpgroups; U: super-tiles per wgmma
    batch, i.e. per commit group and wait). It may be launched with
    programmatic dependent launch after the xperm kernel: it requests its first weights before waiting for x.
    moe: the grouped variant of the fused MoE's prefill path (moe.py; one expert per BM-slot block, no split K).
    tmap (AT = 1, dense): each stage's weights and scales by one tensor-map copy each (see _tensor_maps; the maps'
    device pointer is the kernel's last argument)."""
    BM, AT, WG, D, minb, stage, kg, u = _wgmma_full(cfg)
    wgmma_smem(cfg, group)  # (raises for a config whose K groups' accumulators do not fit in the ring)
    if tmap and (moe or AT != 1):
        raise ValueError(f"wgmma config {tuple(cfg)}: tensor-map copies are for dense tiles with AT = 1")
    # registers per thread after setmaxnreg: the producer warpgroup gives its share to the KG x WG consumer ones
    # (24 of its own with 4+ consumer warpgroups, where 8 more per consumer thread matter; it only issues copies)
    cw = kg * WG
    launch = min(255, 65536 // (minb * (cw + 1) * 128)) // 8 * 8
    preg = 40 if cw < 4 else 24
    creg = min(256, ((cw + 1) * launch - preg) // cw // 8 * 8)
    return jit.KernelSpec.make(TEMPLATE, "fp4_marlin_wgmma", arch, mode="wgmma", dtype=dtype, group=group, BM=BM,
                               AT=AT, WG=WG, D=D, MINB=minb, S=stage, PREG=preg, CREG=creg, moe=moe, act="",
                               xpf=False, KG=kg, **({"U": u} if u > 1 else {}), **({"TMAP": True} if tmap else {}))


@functools.lru_cache(maxsize=None)
def xperm_spec(arch: str, moe: bool = False, act: str = "", dtype: str = "bf16") -> jit.KernelSpec:
    """x -> the wgmma kernel's shared-memory image of x (dtype-agnostic: moves 4-byte pairs); moe: of the rows that
    sorted_ids names (the fused MoE's prefill path), with act ("silu" / "gelu", then in dtype) the gated activation
    of GEMM 1's interleaved [gate; up] output."""
    assert moe or not act
    return jit.KernelSpec.make(TEMPLATE, "fp4_marlin_xperm", arch, mode="xperm", dtype=dtype if act else "bf16",
                               group=16, moe=moe, act=act, xpf=False)


@functools.lru_cache(maxsize=None)
def gated_spec(arch: str, dtype: str, act: str) -> jit.KernelSpec:
    """act(gate) * up of an interleaved [gate; up] product (gemm(act=...) off the mma.sync kernel)."""
    return jit.KernelSpec.make(TEMPLATE, "fp4_gated_act", arch, mode="gated", dtype=dtype, group=16, moe=False,
                               act=act, xpf=False)


@functools.lru_cache(maxsize=None)
def dequant_spec(arch: str, dtype: str, group: int) -> jit.KernelSpec:
    return jit.KernelSpec.make(TEMPLATE, "fp4_dequant", arch, mode="dequant", dtype=dtype, group=group, moe=False,
                               act="", xpf=False)


def _dtypes_for(arch: str):
    return ("f16",) if jit.arch_sm(arch) < 80 else ("f16", "bf16")  # Turing has no bf16 MMA


@jit.register_variants("marlin")
def _variants(arch: str):
    # Blackwell runs native W4A4 for NVFP4, but MXFP4 / odd shapes / MoE / NVFP4_JIT_BACKEND=marlin use these too
    if arch == WGMMA_ARCH:
        yield xperm_spec(arch)
    # (both dtypes on every arch: Turing's bf16 gemm runs the fp16 dequantize kernel + cuBLAS, then this)
    yield from (gated_spec(arch, dt, act) for dt in ("f16", "bf16") for act in ACTIVATIONS)
    for dt in _dtypes_for(arch):
        for group in (16, 32):
            yield dequant_spec(arch, dt, group)
            for cfg in CONFIGS:
                yield gemm_spec(arch, dt, group, cfg)
                if len(cfg) < 8:  # the fused MoE uses the register-pipelined configs only
                    yield gemm_spec(arch, dt, group, cfg, moe=True)
                if cfg[1] == 2:  # gemm(act=...)
                    yield from (gemm_spec(arch, dt, group, cfg, act=act) for act in ACTIVATIONS)
            if arch == WGMMA_ARCH:
                for cfg in dict.fromkeys(WGMMA_CONFIGS.values()):
                    yield wgmma_spec(arch, dt, group, cfg)
                    if cfg[1] == 1:  # (the tensor-map copies need one A tile per warp)
                        yield wgmma_spec(arch, dt, group, cfg, tmap=True)


# --------------------------------------------------------------------------------------------- launch
_sm_count: dict[int, int] = {}


def _num_sms(device: int) -> int:
    if device not in _sm_count:
        _sm_count[device] = torch.cuda.get_device_properties(device).multi_processor_count
    return _sm_count[device]


def _env_config():
    """NVFP4_JIT_MARLIN_CONFIG="MT,NT,WN,WK,P,SK[,XPF[,MINB[,CPA]]]" (tuning override) -> (cfg, SK), or None."""
    env = os.environ.get("NVFP4_JIT_MARLIN_CONFIG")
    if not env:
        return None
    try:
        v = tuple(int(a) for a in env.split(","))
    except ValueError:
        v = ()
    if len(v) not in (6, 7, 8, 9) or min(v) < 0 or min(v[:6]) < 1 or len(v) == 9 and v[8] == 1:
        raise ValueError(f"NVFP4_JIT_MARLIN_CONFIG={env!r}: expected 'MT,NT,WN,WK,P,SK[,XPF[,MINB[,CPA]]]' integers "
                         "(the first six positive, CPA 0 or >= 2)")
    return v[:5] + v[6:], v[5]


def tile_config(M: int, n16: int, kt: int, ring: bool = True):
    """-> (MT, NT, WN, WK, P, xpf[, minb, cpa]) for M tokens, n16 output tiles and kt K super-tiles: MT covers the
    tokens (8 per m8 tile, at most 64 per CTA; more tokens take more CTA rows); see the config tables above.
    ring=False: the register-pipelined configs only (the fused MoE, where the ring measured slower)."""
    env = _env_config()
    if env:
        return env[0]
    MT = 1 if M <= 8 else 2 if M <= 16 else 4 if M <= 32 else 8
    if MT == 1 and n16 >= WGMMA_WIDE_N16:
        return WIDE_M8["long" if kt > 256 else "short"]
    if MT == 1 and kt > 256:
        return LONG_K_M8
    if MT == 2 and ring and n16 >= WGMMA_WIDE_N16:
        return RING_M16_WIDE
    if MT <= 2:
        return SMALL_M_CONFIGS[(MT, next((wk for wk in (8, 4) if kt >= 4 * wk), 2))]
    if MT == 4:
        if ring and n16 * kt > WGMMA_SMALL_WEIGHT and kt <= 256:
            return RING_M32
        return CONFIG_M32["wide" if n16 >= 512 else "narrow"]
    return RING_M64 if ring else CONFIG_M64


def choose_config(M: int, n16: int, kt: int, sms: int, per_sm=3):
    """-> (tile_config(M, n16, kt), SK) for `sms` SMs: K is split over SK CTAs (per-slice fp32 partial tiles) only
    for the NT = 2 configs, doubling SK while the split grid still fits in half of one wave, i.e. 2 ctas SK <=
    per_sm sms, with per_sm the CTAs of the config that fit on an SM (an int, or a function of the config; gemm()
    asks the loaded kernel). Measured (H200, bench/notes/ab_gemm_sk_s6_h200.log, µs, the old rule ctas SK < 1.5 sms
    -> this one): 4096x14336 M=24/32 31.3/32.1 -> 24.6/25.8 (RING_M32, 4 per SM: SK 4), 6144x4096 M=48 28.8 -> 22.8
    (RING_M64, 2 per SM: SK 1); every other 16..48-token row keeps its SK, which measured best.
    Not for <= 8 tokens (MT = 1), where split K measured slower on every row (H200, bench/notes/waves_s7_h200.log:
    8192x4096 M=1 11.6 -> 12.4 µs with SK 2, 4096x4096 8.4 -> 9.8; 4096x14336 15.8 against 16.2 is noise).
    17..64 tokens on small narrow layers: CTA rows of the 16- or 32-token configs (rows_config). 9..16
    tokens on the register pipeline (narrow layers): P = 1 (SMALL_M2_P1, more CTAs per SM) where the P = 2
    grid needs more than one wave; on wide layers RING_M16_WIDE4 where RING_M16_WIDE needs more than one wave and it
    fits in one. <= 8 tokens on wide layers with short K: WIDE_M8_NT4 where WIDE_M8["short"] needs more than one wave
    and it fits in one; 9..16 tokens there WIDE_M16_NT4 where neither ring config fits in one wave and it does."""
    env = _env_config()
    if env:
        return env
    cfg = rows_config(M, n16, kt, sms)
    if cfg == CONFIG_M32["wide"]:
        return cfg, 1  # (two rows of it measured without split K)
    cfg = cfg or tile_config(M, n16, kt)
    MT, NT, WN, WK = cfg[:4]
    ctas = -(-n16 // (NT * WN)) * -(-M // (8 * MT))

    def fit(c):
        return max(1, per_sm(c) if callable(per_sm) else per_sm) * sms

    if MT == 2 and cfg == SMALL_M_CONFIGS.get((MT, WK)) and ctas > fit(cfg):
        cfg = SMALL_M2_P1[WK]
    elif cfg == RING_M16_WIDE and fit(RING_M16_WIDE) < ctas <= fit(RING_M16_WIDE4):
        cfg, WK = RING_M16_WIDE4, RING_M16_WIDE4[3]
    elif cfg == RING_M16_WIDE and fit(RING_M16_WIDE4) < ctas and -(-n16 // 4) * -(-M // 16) <= fit(WIDE_M16_NT4):
        cfg = WIDE_M16_NT4
    elif cfg == WIDE_M8["short"] and fit(cfg) < ctas and -(-n16 // 4) * -(-M // 8) <= fit(WIDE_M8_NT4):
        cfg = WIDE_M8_NT4
    sk = 1
    if NT == 2 and MT > 1:
        while 2 * ctas * sk <= fit(cfg) and kt // (sk * 2 * WK) >= 2:
            sk *= 2
    return cfg, sk


def rows_config(M: int, n16: int, kt: int, sms: int):
    """-> the mma.sync tile config that 17..64 tokens on a small narrow layer run in CTA rows, or None. Every row
    reads the whole weight, all but the first mostly from L2; the point is more CTAs on grids that would leave SMs
    idle. The first that applies (H100 graph µs, old path -> rows; bench/notes, *_s20 / *_s21 logs):
    * the 16-token config in ceil(M / 16) rows where they fit one wave (2 CTAs per SM): M = 32 1280x8192 / 2048x8192
      19.4 / 20.0 -> 12.4 / 13.5, 1024x14336 29.1 -> 15.1 (ab_m32_as_m16_s20_h100.log); M = 48 / 64 1024x8192
      (wgmma m64d) 18.6 / 19.6 -> 12.3 / 12.6, 768x4096 (RING_M64) 15.5 / 15.9 -> 9.0 / 9.0, 1024x14336 24.3 / 25.3
      -> 17.2 / 18.1 (ab_small_m64_s21_h100.log). Beyond one wave it did not win clearly (3072x4096 M = 32: 13.3
      -> 14.0; 2048x8192 M = 48 / 64: 20.5 / 21.5 -> 20.0 / 20.8).
    * 33..64 tokens, K <= 8192: CONFIG_M32["narrow"] in two rows where they fit one wave of one CTA per SM (N <= 2112
      on 132 SMs). wgmma -> rows at 48 / 64 tokens (ab_m64_m32rows_s21_h100.log): 2048x2048 12.5 / 11.7 -> 9.4 / 9.9,
      2048x4096 14.5 / 14.7 -> 13.1 / 13.5, 1536x4096 14.0 / 14.5 -> 13.0 / 13.0, 2048x8192 20.9 / 21.6 -> 19.5 /
      19.8, 1280x8192 M = 64 20.2 -> 19.3; 2048x14336 lost (26.2 / 26.7 -> 28.8 / 29.4), hence the K bound. On
      SM90a, K = 8192 goes to wgmma "m64k" instead where m64k_split says so (use_wgmma; 2048x8192: 16.5 µs).
    * 33..64 tokens on other layers below 4096x1024 (short K; wgmma from there, see use_wgmma): CONFIG_M32["wide"]
      in two rows, instead of RING_M64 (ab_m32wide_s21_h100.log, 40 / 64 tokens): 3072x1024 12.4 / 12.8 -> 9.2 /
      9.4, 4096x768 9.3 / 9.7 -> 8.9 / 9.1, 4096x512 8.1 / 8.5 -> 8.2 / 8.2."""
    if not (16 < M <= 64 and n16 < WGMMA_WIDE_N16):
        return None
    if n16 * -(-M // 16) <= SMALL_M_MINB[2] * sms:
        return tile_config(16, n16, kt)
    if M <= 32:
        return None
    if kt <= 128 and 2 * -(-n16 // 2) <= sms:
        return CONFIG_M32["narrow"]
    return CONFIG_M32["wide"] if 4 * n16 * kt < WGMMA_SMALL_WEIGHT else None


def ctas_per_sm(cfg, arch: str, dt: str, group: int, dev: int) -> int:
    """CTAs of the mma.sync kernel with tile config ``cfg`` that fit on one SM of ``dev`` (CUDA occupancy of the
    compiled kernel: registers and shared memory; jit.Kernel.occupancy caches it)."""
    WN, WK = cfg[2:4]
    return jit.get_kernel(gemm_spec(arch, dt, group, cfg)).occupancy(dev, WN * WK * 32, gemm_smem(cfg, arch, group))


def wgmma_config_env(name: str, split_k: bool = True):
    """A tuning override of a wgmma tile config from environment variable ``name``: "BM,AT,WG,D,SK[,MINB[,S[,KG[,U]]]]"
    (split_k; the dense GEMM) or "BM,AT,WG,D,MINB,S[,KG[,U]]" (the MoE prefill path) -> (config, SK), None when
    unset; ValueError for a config the kernel cannot take."""
    env = os.environ.get(name)
    if not env:
        return None
    fmt = "BM,AT,WG,D,SK[,MINB[,S[,KG[,U]]]]" if split_k else "BM,AT,WG,D,MINB,S[,KG[,U]]"
    try:
        v = tuple(int(a) for a in env.split(","))
        cfg, sk = (v[:4] + v[5:], v[4]) if split_k else (v, 1)
        ok = ((5 <= len(v) <= 9) if split_k else (6 <= len(v) <= 8)) and min(v) >= 1 and cfg[0] % 8 == 0
        minb = cfg[4] if len(cfg) > 4 else 1
        ok = ok and 8 <= cfg[0] <= 256 and minb <= 4 and minb * (wgmma_smem(cfg, 16) + 1024) <= WGMMA_SM_SMEM
    except (ValueError, IndexError):  # (not integers; D and KG, S and U)
        ok = False
    if not ok:
        raise ValueError(f"{name}={env!r}: expected '{fmt}' positive integers with BM a multiple of 8 up to 256, "
                         f"MINB 1 to 4, D a multiple of KG and >= 2 KG, U dividing S, and MINB CTAs' shared memory "
                         f"within {WGMMA_SM_SMEM} bytes")
    return cfg, sk


def wgmma_ctas(cfg, M: int, n16: int) -> int:
    """CTAs of a wgmma grid without split K: BM-token row blocks x (4 AT WG)-tile column blocks."""
    return -(-M // cfg[0]) * -(-n16 // (4 * cfg[1] * cfg[2]))


def choose_wgmma(M: int, n16: int, kt: int, sms: int):
    """-> ((BM, AT, WG, D, MINB, S[, KG]), SK) for the SM90a kernel (see WGMMA_CONFIGS): up to 64 tokens the
    16 / 32-token tiles on the largest wide layers, else the one-warpgroup tiles where they fill a wave; below
    WGMMA_LONG_KT the K-group tiles while their 64-row tiles fit in one wave (for long K, 33-256 tokens, in half of
    one: m64k_split), at 65-128 tokens on narrow layers with K <= 8192 the fullest one-wave K-group grid
    (_kgroup_fill); else for long K the 128-row / two-CTAs-per-SM tiles, split; SK by wgmma_split_k; 128-token tiles
    cut to the tokens they hold (_fit_bm). At 129-256 tokens "big" takes SK by the busiest SM's load (_big_split),
    and narrow layers take it in place of two row blocks of "m128" where that load is <= WGMMA_BIG_GAIN of theirs,
    as do wide and narrow layers at 65-128 tokens in place of one row block of "m128" (_or_big)."""
    env = wgmma_config_env("NVFP4_JIT_WGMMA_CONFIG")
    if env:
        return env
    def ctas(cfg):
        return wgmma_ctas(cfg, M, n16)

    C = WGMMA_CONFIGS
    short_k = kt < WGMMA_LONG_KT
    if M <= 32 and n16 >= WGMMA_WIDE_N16 and n16 * kt >= WGMMA_M16_MIN_WEIGHT:
        cfg = C["m16"] if M <= 16 else C["m32r"]
    elif M <= 32:
        cfg = _single_wg(M, n16, kt, sms) or (C["m32k"] if _m32k_decode(M, n16, kt, sms) else C["m32"])
    elif M <= 64 and short_k and ctas(C["m32k"]) <= sms:  # one wave of two 32-token row blocks
        cfg = C["m32k"]
    elif fill := _kgroup_fill(M, n16, kt, sms):
        return fill
    elif M <= 256 and short_k and ctas(C["m64k"]) <= sms:  # one wave of 64-row tiles: the K-group tiles
        cfg = C["m48k"] if 64 < M <= 96 else C["m64k"]  # (65-96 tokens: two row blocks of 48, less padding)
    elif M <= 256 and short_k and ctas(C["m128k"]) <= sms:
        cfg = C["m128k"]
    elif M <= 64 and (wg1 := _single_wg(M, n16, kt, sms)):
        cfg = wg1
    elif m64k_split(M, n16, kt, sms):  # (then split K: small long-K layers)
        cfg = C["m64k"]
    elif n16 >= WGMMA_WIDE_N16:
        cfg = C["m64"] if M <= 64 else C["m128"] if M <= 128 else C["big"]
        sk = wgmma_split_k(cfg, M, n16, kt, sms) if cfg == C["m64"] else 1
        if sk > 1 and 20 * ctas(cfg) * sk >= 19 * sms * 2:  # split K filling the two-per-SM wave: one per SM,
            cfg = C["m64d"]  # half the split (wgmma_split_k below)
        if cfg == C["m128"]:
            return _or_big(_fit_bm(cfg, M), M, n16, kt, sms)
        if cfg == C["big"] and M <= 256:  # two row blocks of 64-row tiles where big's grid is too short (short K)
            return _big_or_twins(M, n16, kt, sms)
    elif M <= 64 and not short_k:
        cfg = C["m64d"]
    elif M <= 128 and short_k:
        cfg = C["m128d"]
    elif M <= 256:
        return _or_big(_fit_bm(C["m128d"] if short_k and ctas(C["m128d"]) <= sms else C["m128"], M), M, n16, kt, sms)
    elif kt <= 64:  # (narrow, K <= 4096)
        cfg = C["m128w"]
    else:
        cfg = C["big"]
    fitted = _fit_bm(cfg, M)
    if cfg == C["big"] and M <= 256:  # (one row block)
        return fitted, _big_split(fitted, M, n16, kt, sms)
    return fitted, wgmma_split_k(fitted, M, n16, kt, sms)


def _or_big(cfg, M: int, n16: int, kt: int, sms: int):
    """(cfg, its split K), or the "big" tile fitted to M (one row block) with _big_split where the busiest SM's load
    of that is <= WGMMA_BIG_GAIN of cfg's: 128-row CTAs in place of two row blocks of 64-row ones that overfill a
    wave (narrow long-K layers at 65-256 tokens, 4608x14336), or of one row block of them (wide layers with 133-264
    column blocks and K >= 8192 at 65-128 tokens, 10240x8192). Twenty-seventh session, H100 µs, old -> big split 3
    (ab_big65_s27d_h100.log, ab_bigsplit_s27b_h100.log): 10240x8192 M = 72 / 96 / 128 48.4 / 51.6 / 57.2 -> 43.3 /
    46.9 / 51.9, 10240x14336 78.8 / 84.7 / 94.8 -> 66.0 / 70.9 / 78.3, 4608x14336 46.8 / 51.7 / 56.1 -> 36.9 / 40.0 /
    43.1 and M = 160 79.7 -> 48.7, 5120x8192 32.1 / 34.5 / 38.3 -> 26.4 / 28.5 / 31.6 and M = 160 49.0 -> 35.9."""
    big = _fit_bm(WGMMA_CONFIGS["big"], M)
    return _lighter((cfg, wgmma_split_k(cfg, M, n16, kt, sms)), (big, _big_split(big, M, n16, kt, sms)),
                    WGMMA_BIG_GAIN, M, n16, kt, sms)


def _big_or_twins(M: int, n16: int, kt: int, sms: int):
    """129-256 tokens on a wide layer: "big" fitted to M (one row block, _big_split) or two row blocks of the
    64-row "m128" twins fitted to M: the twins where their load is <= WGMMA_TWIN_GAIN of big's, or, with K <= 4096,
    at an even load where big splits K into more than one wave. Measured in the comments above WGMMA_TWIN_GAIN."""
    def with_split(name, split):
        cfg = _fit_bm(WGMMA_CONFIGS[name], M)
        return cfg, split(cfg, M, n16, kt, sms)

    big, twins = with_split("big", _big_split), with_split("m128", wgmma_split_k)
    pick = _lighter(big, twins, WGMMA_TWIN_GAIN, M, n16, kt, sms)
    if pick != big or kt > 64:
        return pick
    split_waves = big[1] > 1 and wgmma_ctas(big[0], M, n16) * big[1] > sms  # big split K into several waves
    return _lighter(big, twins, 1.0, M, n16, kt, sms) if split_waves else big


def _lighter(pick, alt, gain: float, M: int, n16: int, kt: int, sms: int):
    """alt (a config and its split K) where its busiest SM's load (_sm_load) is at most gain x pick's; else pick."""
    (cfg, sk), (acfg, ask) = pick, alt
    return alt if _sm_load(acfg, M, n16, kt, sms, ask) <= gain * _sm_load(cfg, M, n16, kt, sms, sk) else pick


def _sm_load(cfg, M: int, n16: int, kt: int, sms: int, sk: int) -> int:
    """The busiest SM's share of a wgmma grid with split K sk: its CTAs (the grid's waves of one per SM) x each
    CTA's n16 rows x tokens x super-tiles. At 129-256 tokens the "big" tile runs near its per-SM peak (10240x8192 M =
    224: 425 TFLOP/s from 80 of 132 SMs), so its grids order by this (ab_bigsplit_s27b_h100.log: split 1 / 2 / 3 of
    big on 10240x8192, big split 3 against m80 / m112 / m128 in two row blocks on 4608x14336: predicted 0.67x,
    measured 0.61-0.73x). It does not price split-K reductions: many short slices of 64-row tiles lose where it
    predicts gains (6144x4096 M = 160, m80 split 2: 28.4 -> 33.7 µs), hence the cap and margin of its callers."""
    return -(-wgmma_ctas(cfg, M, n16) * sk // sms) * cfg[1] * cfg[2] * cfg[0] * -(-kt // sk)


def _big_split(cfg, M: int, n16: int, kt: int, sms: int) -> int:
    """Split K of a "big" tile (one row block, 65-256 tokens): 1..WGMMA_BIG_MAX_SPLIT (any integer; slices of >=
    WGMMA_MIN_SLICE super-tiles) with the least _sm_load, ties to fewer slices. Two waves of three slices beat one
    wave at 61% fill: µs, split 1 -> 3 (ab_bigsplit_s27b_h100.log): 10240x8192 M = 160 / 192 / 224 / 256 64.9 / 75.5
    / 86.9 / 98.4 -> 59.4 / 67.6 / 78.8 / 87.9 (split 2: 71.7 / 82.5 / 95.3 / 106.5). Split 4 lost where the load
    predicts 0.75x (H200, ab_big_s27c_h200.log: 12288x8192, 96 CTAs, M = 160 / 224 64.5 / 87.7 -> 68.9 / 93.7), as
    did split 7 of 36 CTAs on 4608x14336 (48.7 for split 3 -> 55.2), hence WGMMA_BIG_MAX_SPLIT = 3."""
    sks = [sk for sk in range(1, WGMMA_BIG_MAX_SPLIT + 1) if sk == 1 or kt // sk >= WGMMA_MIN_SLICE]
    return min(sks, key=lambda sk: (_sm_load(cfg, M, n16, kt, sms, sk), sk))


def _fit_bm(cfg, M: int):
    """The fitted twin (WGMMA_FITS) of cfg with the fewest tokens per row block that still holds ceil(M / row
    blocks), or cfg itself; the same row blocks and split K. Each CTA's wgmmas and x copies scale with BM.
    Twenty-sixth session, µs, old -> fitted (ab_bm_s26_h100.log, ab_fit_s26c_h100.log): m128k 8192x2048 M = 72 / 96
    / 112 18.0 / 18.3 / 18.3 -> 14.1 / 15.0 / 16.5, 8192x1024 14.1 / 14.3 / 14.3 -> 11.4 / 12.1 / 12.8; m128
    28672x4096 M = 80 / 112 63.6 / 65.6 -> 51.5 / 60.9; two row blocks of m128: 4096x8192 M = 160 / 192 38.9 / 38.7
    -> 33.0 / 36.1; big 28672x4096 M = 160 / 192 107.8 / 110.3 -> 75.6 / 88.5, 10240x8192 96.3 / 96.7 -> 64.7 / 75.3;
    64-token tiles at 40 tokens (48): 28672x4096 m64 37.3 -> 36.0, 14336x4096 s64x2 23.6 -> 22.4, 8192x28672 m64r
    66.1 -> 63.6, 4096x8192 s64x2 split 4 20.2 -> 18.8."""
    C = WGMMA_CONFIGS
    base = next((b for b in WGMMA_FITS if C[b] == cfg), None)
    if base is None:
        return cfg
    rows = -(-M // cfg[0])
    need = -(-M // rows)
    fits = [C[f] for f in WGMMA_FITS[base] if C[f][0] >= need]
    return min(fits, key=lambda c: c[0]) if fits else cfg


def _kgroup_fill(M: int, n16: int, kt: int, sms: int):
    """65-128 tokens on narrow layers with K <= 8192: the K-group tile of 32, 48 or 64 tokens ("m32k", "m48k",
    "m64k") and split K (a power of two, slices of >= WGMMA_MIN_SLICE super-tiles) whose grid is the fullest within
    one wave; ties to less padding, then to the larger tile. None where no such grid fits (one wave of 128-token
    tiles then). Twenty-sixth session (ab_fill_s26_h100.log, ab_tp96_s26_h100.log), µs, old -> fill: 2560x8192
    M = 80 / 96 / 112 / 128 26.5 / 27.7 / 27.4 / 27.9 -> 22.3 / 22.4 / 24.1 / 24.2 (m128 split 4 before), 1280x8192
    18.7 / 18.9 / 18.8 / 19.2 -> 17.1 / 16.8 / 17.5 / 17.9, 4096x8192 M = 96 / 128 28.1 / 29.0 -> 24.4 / 27.1,
    768x4096 M = 112 / 128 14.3 / 13.8 -> 13.0 / 13.3 (M = 80: 12.5 -> 12.7). Longer K keeps m128 split (4096x14336
    M = 128: 39.7 against 42.7 for m64k)."""
    if not (64 < M <= 128 and n16 < WGMMA_WIDE_N16 and kt <= WGMMA_LONG_KT):
        return None
    grids = []  # (CTAs, -padding, BM, -SK), cfg, SK
    for name in ("m32k", "m48k", "m64k"):
        cfg = WGMMA_CONFIGS[name]
        ctas, sk = wgmma_ctas(cfg, M, n16), 1
        while ctas * sk <= sms and (sk == 1 or kt // sk >= WGMMA_MIN_SLICE):
            grids.append(((ctas * sk, M - -(-M // cfg[0]) * cfg[0], cfg[0], -sk), cfg, sk))
            sk *= 2
    return max(grids)[1:] if grids else None


def m64k_split(M: int, n16: int, kt: int, sms: int) -> bool:
    """33-256 tokens on a long-K narrow layer where the K-group tile "m64k" fits half a wave (so that K is split): it
    beats "m128" (65-256 tokens), "m64d" and the CTA rows of CONFIG_M32["narrow"] (33-64; not the one-warpgroup
    tiles, which stay first, nor rows of the 16-token tile). H100 graph µs, old -> m64k:
    * 65-256 (twenty-first session, ab_m64k_longk_s21_h100.log): 1280x8192 M = 128 / 192 25.2 / 27.5 -> 19.3 /
      19.8, 1024x8192 M = 128 24.6 -> 16.1, 2048x8192 M = 128 26.5 -> 20.0, 1024x14336 M = 256 36.5 -> 28.4,
      2048x14336 M = 96 35.5 -> 26.6. Where m64k fills more than half a wave (no split) it was even or lost
      (4096x8192 M = 256 38.4 -> 46.9, 4096x14336 M = 128 37.6 -> 42.1).
    * 40 / 48 / 64 (twenty-second session, ab_m64k_33_64_s22_h100.log): m64d 2048x14336 26.4 / 26.4 / 26.7 -> 20.3
      / 20.2 / 20.4, 1536x14336 25.7 / 25.8 / 26.2 -> 19.7 / 19.6 / 19.5, 2560x8192 21.1 / 21.0 / 21.4 -> 19.8 /
      19.6 / 19.8, 3072x8192 21.6 / 21.6 / 21.9 -> 20.2 / 20.0 / 20.0, 1280x14336 M = 64 25.6 -> 19.7; rows of
      CONFIG_M32["narrow"] 2048x8192 19.2 / 19.2 / 19.6 -> 16.5 / 16.5 / 16.8. Kept: "s64x2" (4096x8192 20.1 ->
      20.3, 4096x14336 26.3 -> 27.8 at 48) and rows of the 16-token tile (1280x14336 M = 48 18.0 -> 19.4)."""
    return (32 < M <= WGMMA_NARROW_MAX_M and kt >= WGMMA_LONG_KT
            and 2 * wgmma_ctas(WGMMA_CONFIGS["m64k"], M, n16) <= sms)


def _m32k_decode(M: int, n16: int, kt: int, sms: int) -> bool:
    """17-32 tokens on a layer with K <= 4096 (measured so far) where one row block of "m32k" fills more than half a
    wave (N 4240-8448): m32k instead of the mma.sync kernel. The callers try the one-warpgroup tiles (_single_wg)
    first. Twenty-fourth and twenty-fifth sessions (ab_m32k_decode_s25_h100.log, ab_m32k_widen_s25_h100.log), µs
    at 32 tokens: 8192x1024 13.0 -> 9.8, 8192x2048 15.1 -> 12.6, 6144x1024 10.8 -> 9.2, 8192x3584 18.2 -> 15.5,
    5120x3072 17.8 -> 13.1, 6144x4096 17.2 -> 15.7."""
    return 16 < M <= 32 and kt <= 64 and sms < 2 * wgmma_ctas(WGMMA_CONFIGS["m32k"], M, n16) <= 2 * sms


def _single_wg(M: int, n16: int, kt: int, sms: int):
    """The one-warpgroup tile for M <= 64 tokens ("s32x2", "s32x3", "s64x2", "s64x3") whose grid, split K included,
    fills >= WGMMA_WG1_FILL of one wave, 2 CTAs per SM before 3; None where neither does or the layer is too large."""
    if n16 * kt >= WGMMA_WG1_MAX_WEIGHT:
        return None
    for name in ("s32x2", "s32x3") if M <= 32 else ("s64x2", "s64x3"):
        cfg = WGMMA_CONFIGS[name]
        slots = sms * cfg[4]
        if WGMMA_WG1_FILL * slots <= wgmma_ctas(cfg, M, n16) * wgmma_split_k(cfg, M, n16, kt, sms) <= slots:
            return cfg
    return None


def wgmma_split_k(cfg, M: int, n16: int, kt: int, sms: int) -> int:
    """Split K of a wgmma tile config: doubled while twice the CTAs still fit one wave (MINB per SM) and every slice
    keeps >= WGMMA_MIN_SLICE super-tiles (splitting a nearly full wave into two loses)."""
    ctas, minb, sk = wgmma_ctas(cfg, M, n16), _wgmma_full(cfg)[4], 1
    while 2 * ctas * sk <= sms * minb and kt // (sk * 2) >= WGMMA_MIN_SLICE:
        sk *= 2
    return sk


def use_wgmma(M: int, n16: int, kt: int, arch: str, sms: int = 132) -> bool:
    """NVFP4_JIT_WGMMA=0 never uses the SM90a kernel, =1 always (where the arch has it); unset: the measured rule
    (see the comment above WGMMA_CONFIGS; sms: the GPU's SM count)."""
    env = os.environ.get("NVFP4_JIT_WGMMA")
    if env not in (None, "", "0", "1"):
        raise ValueError(f"NVFP4_JIT_WGMMA={env!r}: expected 0 (never), 1 (always on sm_90a) or unset")
    if arch != WGMMA_ARCH or env == "0":
        return False
    if env == "1":
        return True
    rows = rows_config(M, n16, kt, sms)
    if rows and not (rows == CONFIG_M32["narrow"] and m64k_split(M, n16, kt, sms)):
        return False
    if 16 < M <= 32 and _single_wg(M, n16, kt, sms):  # (4096x14336 M = 32: 26.9 -> 23.2 µs against mma.sync)
        return True
    if _m32k_decode(M, n16, kt, sms):
        return True
    if n16 >= WGMMA_WIDE_N16:
        weight = n16 * kt
        lo = 8 if weight >= WGMMA_M16_MIN_WEIGHT else 16 if weight >= WGMMA_M32_MIN_WEIGHT else 32
        return lo < M <= WGMMA_MAX_M
    big = n16 * kt > WGMMA_SMALL_WEIGHT
    # narrow: from 33 tokens where the layer is at least 4096x1024 (and rows_config gives none, above), else
    # from 65. H100 graph µs at 48 / 64 tokens, mma.sync (RING_M64, split K) -> wgmma (twenty-first
    # session, ab_m64_shortk_s21_h100.log): 4096x1024 12.9 / 13.2 -> 10.2 / 10.1, 4096x2048 15.1 / 15.2 -> 12.9 /
    # 12.4, 4096x1792 15.0 / 15.0 -> 11.9 / 11.8, 4096x3584 18.2 / 18.6 -> 15.5 / 15.5; 4096x512 8.0 / 8.8 -> 8.8 /
    # 9.0 (kept). (Before the tensor maps the bound was 2048x4096 with two K slices: H200
    # bench/notes/gemm_h200_s5_sk.md; from 33 rather than 64 since them, ab_small_bm_s18_h100.log.)
    lo = 33 if 4 * n16 * kt >= WGMMA_SMALL_WEIGHT else 65
    if big and kt > 64:
        return lo <= M <= WGMMA_MAX_M
    if M > WGMMA_NARROW_MAX_M and kt <= 64:  # "m128w" where its waves cost less than dequantize + cuBLAS
        return M <= WGMMA_NARROW_WIDE_TILE_MAX_M and _m128w_wins(M, n16, kt, sms)
    return lo <= M <= WGMMA_NARROW_MAX_M


def _m128w_wins(M: int, n16: int, kt: int, sms: int) -> bool:
    """257-1024 tokens on a narrow layer with K <= 4096: whether "m128w" beats dequantize + cuBLAS, by two H100
    estimates (M128W_WAVE_US, DEQUANT_CUBLAS_US). A wave of m128w costs about the same however full (K = 4096: ~30 /
    54 / 80 / 108 µs for 1 / 2 / 3 / 4 waves), dequantize + cuBLAS grows with M. Fitted to 48 cases with the staged
    epilogue (thirty-second session, ab_m128w_s32l_h100.log: 4096-7168 x 2048-4096 at 320-1024 tokens): the pick is
    the faster or within 3% in 47 (the fill rule before it: 31), e.g. 7168x4096 M = 512 72.3 -> 55.1 µs, 5120x4096 M
    = 640 63.7 -> 54.8, 4096x3072 M = 512 32.2 -> 26.2; the exception, 6144x4096 M = 320 (60.2 against 52.4), has
    cuBLAS slower there than at 384 tokens. Not measured (so dequantize + cuBLAS, as before): N < 4096 or K < 2048."""
    if n16 < 256 or kt < 32:
        return False
    N, K = 16 * n16, 64 * kt
    a, b, c = M128W_WAVE_US
    waves = -(-wgmma_ctas(WGMMA_CONFIGS["m128w"], M, n16) // sms)
    da, db, dc = DEQUANT_CUBLAS_US
    return a + waves * (b + c * K / 1024) <= da + N * K * 2.5625 / db + 2 * M * N * K / dc


def route(M: int, n16: int, kt: int, arch: str, dt: str = "bf16", sms: int = 132) -> str:
    """Which path gemm() takes: "wgmma" (SM90a), "mma.sync" or "dequant+cuBLAS"."""
    if use_wgmma(M, n16, kt, arch, sms):
        return "wgmma"
    if M > max_m_kernel() or (dt == "bf16" and jit.arch_sm(arch) < 80):
        return "dequant+cuBLAS"
    return "mma.sync"


def max_m_kernel() -> int:
    return int(os.environ.get("NVFP4_JIT_MARLIN_MAX_M", DEFAULT_MAX_M_KERNEL))


def _check(x: torch.Tensor, w: PreparedWeight, bias):
    if not isinstance(x, torch.Tensor) or not x.is_cuda:
        raise ValueError("x must be a CUDA tensor")
    if x.dtype not in DTYPES:
        raise TypeError(f"x must be float16 or bfloat16, got {x.dtype}")
    if x.shape[-1] != w.k:
        raise ValueError(f"x has K={x.shape[-1]} but the weight has K={w.k}")
    if x.device != w.device:
        raise ValueError(f"x is on {x.device} but the weight is on {w.device}")
    if bias is not None and (bias.shape != (w.n,) or bias.device != x.device):
        raise ValueError(f"bias must have shape ({w.n},) on {x.device}, got {tuple(bias.shape)} on {bias.device}")


ACTIVATIONS = ("silu", "gelu")  # gelu: the tanh approximation
# a config with NT = 2 (a warp owns a gate tile and its up tile) for the fused activation, by MT, where choose_config
# picks one with NT = 1
ACT_FALLBACK = {1: WIDE_M8["short"], 2: RING_M16_WIDE, 4: RING_M32, 8: RING_M64}


def gemm(x: torch.Tensor, w: PreparedWeight, bias: torch.Tensor | None = None,
         out: torch.Tensor | None = None, act: str | None = None) -> torch.Tensor:
    """out[..., N] = x[..., K] @ dequant(W)[N, K]^T (+ bias), in x's dtype (written into ``out`` if given).
    act ("silu" / "gelu", a weight prepared with gate_up=True, no bias): out[..., N / 2] = act(x @ gate^T) *
    (x @ up^T), computed in fp32 in the epilogue of the mma.sync kernel (the wgmma and dequantize + cuBLAS paths
    apply it to their output)."""
    _check(x, w, bias)
    n_out = w.n
    if act:
        if act not in ACTIVATIONS:
            raise ValueError(f"act must be one of {ACTIVATIONS} or None, got {act!r}")
        if not w.gate_up:
            raise ValueError("act needs a [gate; up] weight prepared with prepare_weight(..., gate_up=True)")
        if bias is not None:
            raise ValueError("bias is not supported with act")
        n_out = w.n // 2
    lead = x.shape[:-1]
    x2 = x.reshape(-1, w.k)
    if not x2.is_contiguous() or x2.data_ptr() % 16:
        x2 = x2.contiguous()
    if bias is not None and bias.dtype != x.dtype:
        bias = bias.to(x.dtype)
    M = x2.shape[0]
    dev = x.device.index
    if out is None:
        out = torch.empty(*lead, n_out, dtype=x.dtype, device=x.device)
    elif out.shape != (*lead, n_out) or out.dtype != x.dtype or out.device != x.device or not out.is_contiguous():
        raise ValueError(f"out must be a contiguous {x.dtype} tensor of shape {(*lead, n_out)} on {x.device}")
    out2 = out.view(M, n_out)
    if M == 0:
        return out
    wq_ptr, sc_ptr = w.wq.data_ptr(), w.sc.data_ptr()
    key = (M, w.n, w.k, w.group, x.dtype, dev, act or "", not (wq_ptr | sc_ptr) & 15, _env_state())
    plan = _plans.get(key)
    if plan is None:
        if len(_plans) >= _MAX_PLANS:  # (many distinct token counts: start over rather than grow without bound)
            _plans.clear()
        plan = _plans[key] = _make_plan(M, w, DTYPES[x.dtype], dev, act or "", key[7])
    path, cfg = plan.path, plan.cfg
    if act and path != "mma.sync":  # the interleaved product, then the activation (kernel "gated", one pass)
        y = gemm(x2, w)
        plan.gated(jit._raw_stream(dev), y.data_ptr(), out2.data_ptr(), M * n_out // 2, n_out)
        return out
    if path == "wgmma":  # x into its shared-memory image xs (kernel xperm), then the GEMM with PDL
        # (use_pdl): its CTAs start and request weights while xperm runs
        _chain_tail.pop(dev, None)
        stream, xs = jit._raw_stream(dev), torch.empty(plan.xs, dtype=x.dtype, device=x.device)
        plan.xperm(stream, x2.data_ptr(), xs.data_ptr(), M, w.k, w.kt, cfg[0], w.kt * M * 8)
        args = (wq_ptr, sc_ptr, xs.data_ptr(), out2.data_ptr(), 0 if bias is None else bias.data_ptr(),
                w.gscale.data_ptr(), M, w.n, w.k, w.kt, w.n16, plan.ws, plan.cnt)
        maps = _tensor_maps(w, dev, *plan.box) if plan.plain else 0
        if maps:
            plan.launch(stream, *args, maps, pdl=plan.pdl)
        else:
            (plan.plain or plan.launch)(stream, *args, pdl=plan.pdl)
        return out
    if path == "dequant+cuBLAS":
        _chain_tail.pop(dev, None)
        _dequant_matmul(x2, w, bias, out2)
        return out
    stream, tail = jit._raw_stream(dev), _chain_tail.pop(dev, None)
    x_ptr, out_ptr = x2.data_ptr(), out2.data_ptr()
    settled = _settled(w)
    pdl = plan.pdl and settled and tail == (stream, x_ptr)
    plan.launch(stream, wq_ptr, sc_ptr, x_ptr, out_ptr, 0 if bias is None else bias.data_ptr(), w.gscale.data_ptr(),
                M, w.n, w.k, w.kt, w.n16, 0, 0, 0, 0, 1, 0, 0, plan.ws, plan.cnt, 0, 0, pdl=pdl)
    _chain_tail[dev] = (stream, out_ptr)
    return out


# The gemm kernel's argument types (struct characters of jit.Launch; the template's signature): wq sc x out bias
# gscale | M N K KT N16 | sorted_ids block_expert route_w | T x_div | w_stride s_stride | ws counters | n_experts e0
GEMM_ARGS = "QQQQQQiiiiiQQQiiqqQQii"


# The dense GEMM's launch plans: what gemm() decides per call shape (path, tile config, split K, kernel, grid,
# split-K buffers), made once per (M, N, K, group, dtype, device, act, 16-byte aligned weights, tuning environment)
# and reused: an eager call then costs a few dict lookups and one cuLaunchKernelEx (jit.Launch) of host time.
@dataclasses.dataclass
class _Plan:
    path: str
    cfg: tuple | None = None
    sk: int = 1
    launch: jit.Launch | None = None  # the GEMM kernel (mma.sync or wgmma)
    pdl: bool = False  # it may be launched with PDL (SM90+ and NVFP4_JIT_PDL; mma.sync: DENSE_PDL)
    ws: int = 0  # split K: the fp32 partial-tile scratch and the tile counters (pointers)
    cnt: int = 0
    keep: tuple = ()  # (the scratch tensors, kept alive with the plan)
    xperm: jit.Launch | None = None  # wgmma: the kernel writing xs, x's shared-memory image, of xs elements
    xs: int = 0
    gated: jit.Launch | None = None  # gemm(act=...) off mma.sync: the activation kernel after the plain product
    plain: jit.Launch | None = None  # wgmma with tensor maps (launch): the kernel without, where a weight has none
    box: tuple = ()  # wgmma with tensor maps: (n16 tiles, super-tiles) of a stage's box


# The wgmma kernel's stages bring a CTA's weights and scales in as one box each of two 3-D tensor maps (TMA) rather
# than one bulk copy per warp: H100, same run, graph µs (bench/notes/ab_wgmma_tmap_s17_h100.log) 28672x4096 M = 64
# / 128 45.6 / 70.1 -> 38.2 / 61.0, 8192x28672 81.0 / 121.1 -> 69.5 / 108.7, 6144x4096 M = 256 37.9 -> 32.7,
# 4096x4096 M = 64 15.4 -> 15.7 (the one row that does not gain); outputs bit-identical (tmap_check_s17_h100.log).
# At prefill sizes too (bench/notes/ab_wgmma_tmap_prefill_s18_h100.log, 512-2048 tokens: 1.00-1.03x, e.g. 28672x4096
# M = 1024 356.8 -> 346.0), so it is the default wherever the wgmma kernel runs (NVFP4_JIT_WGMMA_TMAP=0: never). The
# fused MoE's grouped wgmma variant with 4-D maps gained nothing (bench/notes/moe_tmap.diff, ab_moe_tmap_s18_h100.log:
# 0.99-1.01x on three models at 256-4096 tokens) and keeps its bulk copies. The maps (jit.tensor_map; 256 bytes
# in device memory per weight and box) are made on a weight's first such call; a call without them (inside CUDA-graph
# capture, no cuTensorMapEncodeTiled, or an encoding error, logged) runs the kernel without tensor maps.
# (wq and sc addresses, N16, KT, group, rows, S) -> (weakref to wq, the device tensor holding the two tensor maps);
# keyed by address, so a weight whose scale tensor is replaced gets new maps, and dropped with its wq tensor
_tmaps: dict[tuple, tuple] = {}


def use_tmap(cfg, aligned: bool) -> bool:
    """Whether the wgmma plan takes the tensor-map kernel: unless NVFP4_JIT_WGMMA_TMAP=0 (unset or 1: yes), where a
    warp has one A tile, the weights are 16-byte aligned and the driver has the encoder."""
    env = os.environ.get("NVFP4_JIT_WGMMA_TMAP") or ""
    if env not in ("", "0", "1"):
        raise ValueError(f"NVFP4_JIT_WGMMA_TMAP={env!r}: expected 0 (never), 1 (always) or unset")
    return env != "0" and cfg[1] == 1 and aligned and jit.has_tensor_maps()


def _tensor_maps(w: PreparedWeight, dev: int, rows: int, S: int) -> int:
    """Device pointer to two CUtensorMaps (128 bytes each) for the wgmma kernel's TMAP variant: wq as
    [N16][KT][64 x u64] with boxes [rows][S][64], sc as [N16][KT][SB / 8 x u64] with boxes [rows][S][SB / 8];
    0 where they cannot be made now (see above)."""
    key = (w.wq.data_ptr(), w.sc.data_ptr(), w.n16, w.kt, w.group, rows, S)
    hit = _tmaps.get(key)
    if hit is not None and hit[0]() is w.wq:
        return 0 if hit[1] is None else hit[1].data_ptr()
    if torch.cuda.is_current_stream_capturing():  # (no host-to-device copy inside a capture)
        return 0
    sb = 64 if w.group == 16 else 32
    maps = [jit.tensor_map(t.data_ptr(), (inner, w.kt, w.n16), (inner * 8, inner * 8 * w.kt), (inner, S, rows))
            for t, inner in ((w.wq, 64), (w.sc, sb // 8))]
    if None in maps:
        log.warning("nvfp4-jit: no tensor maps for a [%d, %d] weight; its wgmma calls run without them", w.n, w.k)
        maps = None
    else:
        maps = torch.frombuffer(bytearray(b"".join(maps)), dtype=torch.uint8).to(f"cuda:{dev}")
    _tmaps[key] = (weakref.ref(w.wq, lambda _, k=key: _tmaps.pop(k, None)), maps)  # (a failure is not retried)
    return 0 if maps is None else maps.data_ptr()


_plans: dict[tuple, _Plan] = {}
_MAX_PLANS = 4096  # ~1.5 KB each; dropping a plan frees no buffer a captured graph may use (see _split_k_buffers)
# environment variables that change gemm()'s decisions (tuning and debugging overrides; read on every call)
_ENV = ("NVFP4_JIT_MARLIN_CONFIG", "NVFP4_JIT_WGMMA", "NVFP4_JIT_WGMMA_CONFIG", "NVFP4_JIT_MARLIN_MAX_M",
        "NVFP4_JIT_PDL", "NVFP4_JIT_WGMMA_TMAP")


def _env_reader(names):
    """-> a function returning the current values of these environment variables (part of a plan key, read on
    every call). CPython's os.environ keeps its (encoded) contents in _data: five lookups there cost ~0.3 µs, not ~4."""
    try:
        data, keys = os.environ._data, tuple(map(os.environ.encodekey, names))  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover
        data, keys = os.environ, tuple(names)
    return lambda: tuple(map(data.get, keys))


_env_state = _env_reader(_ENV)


def _make_plan(M: int, w: PreparedWeight, dt: str, dev: int, act: str, aligned: bool) -> _Plan:
    arch = jit.device_arch(dev)
    path = route(M, w.n16, w.kt, arch, dt, _num_sms(dev))
    if act and path != "mma.sync":  # (the product itself has its own plan, without act)
        pairs = M * (w.n // 2) // 2  # (y [M, N] -> out [M, N / 2], a thread per output pair)
        return _Plan(path, gated=jit.Launch(jit.get_kernel(gated_spec(arch, dt, act)), dev, (-(-pairs // 256),),
                                            (256,), 0, "QQqi"))
    if path == "wgmma":
        cfg, sk = choose_wgmma(M, w.n16, w.kt, _num_sms(dev))
        BM, AT, WG, _, _, _, kg, _ = _wgmma_full(cfg)
        xperm = jit.Launch(jit.get_kernel(xperm_spec(arch)), dev, (-(-w.kt * M * 8 // 256),), (256,), 0, "QQiiiiq")
        grid = (-(-M // BM), -(-w.n16 // (4 * AT * WG)), sk)
        ws, cnt = _split_k_buffers(dev, grid[0] * grid[1], sk, BM * 64 * AT * WG)
        def launch(tmap):  # args: wq sc xs out bias gscale | M N K KT N16 | ws cnt [| tmaps]
            return jit.Launch(jit.get_kernel(wgmma_spec(arch, dt, w.group, cfg, tmap=tmap)), dev, grid,
                              (kg * WG * 128 + 128,), wgmma_smem(cfg, w.group), "QQQQQQiiiiiQQ" + "Q" * tmap)

        tmap = use_tmap(cfg, aligned)
        return _Plan(path, cfg, sk, launch(tmap), use_pdl(arch), 0 if ws is None else ws.data_ptr(),
                     0 if cnt is None else cnt.data_ptr(), (ws, cnt), xperm, -(-M // BM) * BM * w.kt * 64,
                     plain=launch(False) if tmap else None, box=(4 * WG, _wgmma_full(cfg)[5]))  # (NW, S)
    if path != "mma.sync":
        return _Plan(path)
    cfg, sk = choose_config(M, w.n16, w.kt, _num_sms(dev), lambda c: ctas_per_sm(c, arch, dt, w.group, dev))
    if act:  # the epilogue needs both tiles of a pair in one warp and the whole K sum in one CTA
        cfg, sk = cfg if cfg[1] == 2 else ACT_FALLBACK[cfg[0]], 1
    MT, NT, WN, WK = cfg[:4]
    if len(cfg) > 7 and cfg[7] and not aligned:
        cfg = cfg[:7]  # cp.async needs 16-byte aligned sources (tensors from torch's allocator always are)
    grid = (-(-w.n16 // (NT * WN)), -(-M // (8 * MT)), sk)
    ws, cnt = _split_k_buffers(dev, grid[0] * grid[1], sk, WN * NT * MT * 128)
    kernel = jit.get_kernel(gemm_spec(arch, dt, w.group, cfg, act=act))
    run = jit.Launch(kernel, dev, grid, (WN * WK * 32,), gemm_smem(cfg, arch, w.group), GEMM_ARGS)
    return _Plan(path, cfg, sk, run, DENSE_PDL and use_pdl(arch), 0 if ws is None else ws.data_ptr(),
                 0 if cnt is None else cnt.data_ptr(), (ws, cnt))


# device -> (stream, output pointer) of the last dense mma.sync GEMM launched by gemm(): the next one on the same
# stream whose x starts there most likely follows it directly, and is launched with PDL (a wrong guess only costs
# time: the kernel waits for whatever ran before it)
_chain_tail: dict[int, tuple[int, int]] = {}
# id(wq) -> (weakref to wq, versions of wq and sc at the last launch)
_launched: dict[int, tuple] = {}


def _settled(w: PreparedWeight) -> bool:
    """Whether the weight's tensors were launched on before and (where torch tracks it) not written in place since:
    a GEMM launched with PDL reads its weights before waiting for the previous kernel, which must therefore not be
    the one that wrote them (prepare_weight, a copy_ into the tensors). The first launch after that goes without."""
    key = id(w.wq)
    try:
        ver = (w.wq._version, w.sc._version)
    except RuntimeError:  # inference tensors have no version counter: new tensors are still caught by identity
        ver = None
    seen = _launched.get(key)
    if seen is not None and seen[0]() is w.wq and seen[1] == ver:
        return True
    _launched[key] = (weakref.ref(w.wq, lambda _, k=key: _launched.pop(k, None)), ver)
    return False


_workspaces: dict[int, tuple[torch.Tensor, torch.Tensor]] = {}
_scratches: dict[int, torch.Tensor] = {}
# buffers replaced by larger ones stay allocated: a CUDA graph captured earlier still points at them
_retired: list[torch.Tensor] = []
_GROW_IN_CAPTURE = ("nvfp4-jit: the split-K workspace must grow during CUDA-graph capture; run the op once with the "
                    "same shapes before capturing")


def _workspace(dev: int, floats: int, tiles: int):
    """fp32 scratch for the one-token fused MoE's top-k sum and per-tile counters (the dense split-K GEMMs use the
    counters), zero between launches (the kernels re-zero what they used). One per device: GEMMs with split K and
    one-token fused_moe calls must not run concurrently on several streams of one device."""
    ws, cnt = _workspaces.get(dev, (None, None))
    if ws is None or ws.numel() < floats or cnt.numel() < tiles:
        if torch.cuda.is_current_stream_capturing():
            raise RuntimeError(_GROW_IN_CAPTURE)
        if ws is not None:
            _retired.extend((ws, cnt))
        n = max(floats, ws.numel() if ws is not None else 0)
        t = max(tiles, cnt.numel() if cnt is not None else 0)
        ws = torch.zeros(n, dtype=torch.float32, device=f"cuda:{dev}")
        cnt = torch.zeros(t, dtype=torch.int32, device=f"cuda:{dev}")
        _workspaces[dev] = (ws, cnt)
    return ws, cnt


def _split_k_buffers(dev: int, tiles: int, sk: int, tile_floats: int):
    """Split K (sk > 1): an fp32 scratch with one partial tile per (tile, K slice) -- every launch writes what it
    reads, so it needs no zeroing -- and the per-tile arrival counters of _workspace; (None, None) without split."""
    if sk == 1:
        return None, None
    s = _scratches.get(dev)
    if s is None or s.numel() < tiles * sk * tile_floats:
        if torch.cuda.is_current_stream_capturing():
            raise RuntimeError(_GROW_IN_CAPTURE)
        old = 0
        if s is not None:  # grow at least twofold, so that the retired buffers add up to less than the live one
            _retired.append(s)
            old = s.numel()
        s = torch.empty(max(tiles * sk * tile_floats, 2 * old), dtype=torch.float32, device=f"cuda:{dev}")
        _scratches[dev] = s
    return s, _workspace(dev, 0, tiles)[1]


def moe_launch(w, m_blocks: int, cfg, dt: str, dev: int, act: str = "", direct: bool = False,
               topk_sum: bool = False, early: bool = False, grouped: bool = False) -> jit.Launch:
    """The prepared launch of the grouped (MoE) GEMM kernel over ``w`` (E experts stacked on a leading dim) and
    m_blocks blocks of 8 MT slots (arguments GEMM_ARGS; ``act``, ``direct``, ``topk_sum``, ``early``, ``grouped``:
    see gemm_spec). The MoE runs the register-pipelined configs only. A GEMM 1 that signals early prefers all of the
    SM's shared memory (carveout), so that the resident GEMM 2 launched after it can become resident beside it."""
    MT, NT, WN, WK = cfg[:4]
    assert len(cfg) < 8 or not cfg[7], "the fused MoE uses the register-pipelined configs only"
    arch = jit.device_arch(dev)
    kernel = jit.get_kernel(gemm_spec(arch, dt, w.group, cfg, moe=True, act=act, direct=direct, topk_sum=topk_sum,
                                      early=early, grouped=grouped))
    if early:
        kernel.set_carveout(dev, 100)
    return jit.Launch(kernel, dev, (-(-w.n16 // (NT * WN)), m_blocks, 1), (WN * WK * 32,),
                      gemm_smem(cfg, arch, w.group), GEMM_ARGS)


def wgmma_smem(cfg, group: int) -> int:
    """Dynamic shared memory of the wgmma kernel: D stages of S x (x tile, every warp's weights and scales) + 1 KiB
    alignment + 2 D mbarriers. K groups 1.. hand their fp32 accumulators over through the ring at the end: ValueError
    where they would not fit."""
    BM, AT, WG, D, _, S, kg, _ = _wgmma_full(cfg)
    ring = D * S * (BM * 128 + WG * 4 * AT * (512 + (64 if group == 16 else 32)))
    if (kg - 1) * AT * (BM // 2) * WG * 128 * 4 > ring:
        raise ValueError(f"wgmma config {tuple(cfg)}: the K groups' accumulators do not fit in the ring")
    return 1024 + ring + D * 16


def dequantize(w: PreparedWeight, dtype: torch.dtype) -> torch.Tensor:
    """Dense [N, K] weight holding value * scale * 2^-7 (exact in fp16/bf16); multiply by w.gscale_host."""
    dev = w.device.index
    arch = jit.device_arch(dev)
    if dtype == torch.bfloat16 and jit.arch_sm(arch) < 80:  # Turing: the fp16 kernel, converted
        return dequantize(w, torch.float16).to(dtype)
    out = torch.empty(w.n16 * 16, w.k, dtype=dtype, device=w.device)
    n_tiles = w.n16 * w.kt
    jit.get_kernel(dequant_spec(arch, DTYPES[dtype], w.group))(
        (-(-n_tiles // 8),), (256,), (w.wq, w.sc, out, w.k, w.kt, np.int64(n_tiles)), device=dev)  # 1 tile/warp:
    # a capped grid-stride launch (16 CTAs/SM) measured slower on H100 (fewer loads in flight)
    return out[: w.n]


def _dequant_matmul(x2, w: PreparedWeight, bias, out2):
    """Large M: dense scratch weight + cuBLAS; the global scale rides in addmm's alpha. (Measured and not kept,
    H200: dequantizing in row chunks so that the scratch stays in L2, bench/notes/dequant_chunk_h200.log, and
    dequantizing later chunks on a side stream while cuBLAS multiplies earlier ones, ab_dequant_split_h200.log:
    neither beat one dequantize + one cuBLAS call.)"""
    wd = dequantize(w, x2.dtype)
    if bias is None:  # beta = 0: out2's old contents are ignored (not read, NaN-safe)
        torch.addmm(out2, x2, wd.t(), beta=0, alpha=w.gscale_host, out=out2)
    else:
        torch.addmm(bias, x2, wd.t(), alpha=w.gscale_host, out=out2)


def reference(x: torch.Tensor, w: NVFP4Weight, bias=None) -> torch.Tensor:
    """float64 reference of the dequantized math."""
    out = x.double() @ w.dequantize(torch.float64).to(x.device).t()
    if bias is not None:
        out = out + bias.double()
    return out

