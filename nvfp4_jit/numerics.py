"""Float-exact torch reference numerics for NVFP4 / MXFP4 (the contract is docs/NUMERICS.md).

Every GPU kernel is tested bit-for-bit against these functions, so each float32 operation here is one separate
IEEE round-to-nearest-even torch op, in the order NUMERICS.md states. Two torch details matter for that:

* On CUDA, ``tensor / python_scalar`` is computed as ``tensor * (1 / scalar)``, which is not the same as a
  division (1/6 is inexact). Every division here therefore divides by a tensor on the same device (``_f32``).
* On CPU, large temporaries cost more in page faults than in arithmetic, so the quantizers work on chunks of
  rows (``_row_chunks``); the results do not depend on the chunking.

Dequantization is computed in float64, where every product is exact (E2M1 has 2 significant bits, E4M3 4,
the float32 global scale 24: 30 <= 53), and then rounded once to the requested dtype.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

import torch

__all__ = [
    "E2M1_VALUES", "e2m1_round", "pack_fp4", "unpack_fp4", "e4m3_round", "global_scale_for", "resolve_global_scale",
    "quantize_nvfp4", "dequantize_nvfp4", "quantize_mxfp4", "dequantize_mxfp4", "quantize_activation_nvfp4",
    "NVFP4Weight",
]

# E2M1 value of each 4-bit code: bits 0..2 index the magnitude, bit 3 is the sign (code 8 is -0.0).
_MAGS = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]
E2M1_VALUES = torch.tensor(_MAGS + [-m for m in _MAGS], dtype=torch.float32)

# Each packed byte holds two codes (element 2i in the low nibble): byte -> (value_lo, value_hi), in float64.
_BYTE_VALUES = torch.stack([E2M1_VALUES[torch.arange(256) & 0xF], E2M1_VALUES[torch.arange(256) >> 4]], -1).double()

NVFP4_GROUP, MXFP4_GROUP = 16, 32
E4M3_MAX = 448.0
_CHUNK_ELEMS = 1 << 21  # CPU: rows per chunk ~ 2M elements (8 MB of float32), reused by malloc without page faults


def _f32(value: float, like: torch.Tensor) -> torch.Tensor:
    """A float32 0-dim tensor on like's device, so that `a / _f32(6, a)` is a true IEEE division on CUDA too."""
    return torch.tensor(value, dtype=torch.float32, device=like.device)


def _row_chunks(rows: int, k: int, device: torch.device):
    """Yield row slices covering range(rows): all at once on GPU, ~_CHUNK_ELEMS elements at a time on CPU."""
    step = rows if device.type != "cpu" else max(1, _CHUNK_ELEMS // max(k, 1))
    for r0 in range(0, rows, max(step, 1)):
        yield slice(r0, min(r0 + step, rows))


def _check_float_input(x: torch.Tensor, group: int) -> None:
    if not isinstance(x, torch.Tensor) or x.dtype not in (torch.float32, torch.float16, torch.bfloat16):
        raise ValueError(f"expected a float32/float16/bfloat16 tensor, got {getattr(x, 'dtype', type(x))}")
    if x.ndim == 0 or x.shape[-1] % group:
        raise ValueError(f"last dimension must be a multiple of {group}, got shape {tuple(x.shape)}")


# ------------------------------------------------------------------------------------------------ element codes
def e2m1_round(v: torch.Tensor) -> torch.Tensor:
    """float32 values (already divided by the block scale) -> uint8 E2M1 codes, RNE, saturating at 6.

    With a = |v|, the magnitude index counts the rounding thresholds a has passed. Each threshold is the midpoint of
    two neighbouring magnitudes; at a tie the even mantissa wins, so the comparison is strict (>) where the lower
    neighbour is even (0, 1, 2, 4 have mantissa 0) and inclusive (>=) where the upper one is. NaN passes no
    threshold and becomes code 0. The sign bit is set only for a non-zero magnitude (no -0 is produced).
    """
    a = v.abs()
    # (bool tensors are viewed as uint8 so that the adds stay plain byte adds)
    mag = (a > 0.25).view(torch.uint8).clone()  # 0   | 0.5   (tie -> 0)
    mag += (a >= 0.75).view(torch.uint8)         # 0.5 | 1     (tie -> 1)
    mag += (a > 1.25).view(torch.uint8)          # 1   | 1.5   (tie -> 1)
    mag += (a >= 1.75).view(torch.uint8)         # 1.5 | 2     (tie -> 2)
    mag += (a > 2.5).view(torch.uint8)           # 2   | 3     (tie -> 2)
    mag += (a >= 3.5).view(torch.uint8)          # 3   | 4     (tie -> 4)
    mag += (a > 5.0).view(torch.uint8)           # 4   | 6     (tie -> 4); everything above saturates at 6
    # mag != 0 <=> a > 0.25, so "v < 0 and mag != 0" is simply v < -0.25 (False for NaN).
    return mag | ((v < -0.25).view(torch.uint8) << 3)


def pack_fp4(codes: torch.Tensor) -> torch.Tensor:
    """uint8 codes [..., K] -> uint8 [..., K/2]; element 2i goes to the LOW nibble of byte i."""
    if codes.shape[-1] % 2:
        raise ValueError(f"pack_fp4 needs an even last dimension, got {tuple(codes.shape)}")
    codes = codes.to(torch.uint8)
    return (codes[..., 0::2] & 0xF) | ((codes[..., 1::2] & 0xF) << 4)


def unpack_fp4(packed: torch.Tensor) -> torch.Tensor:
    """uint8 [..., K/2] -> uint8 codes [..., K] (inverse of pack_fp4)."""
    return torch.stack([packed & 0xF, packed >> 4], dim=-1).flatten(-2)


def e4m3_round(s: torch.Tensor) -> torch.Tensor:
    """float32 block scales -> float8_e4m3fn: clamp to [0, 448] (the largest finite E4M3), then cast (RNE)."""
    return s.float().clamp(0.0, E4M3_MAX).to(torch.float8_e4m3fn)


# ------------------------------------------------------------------------------------------------------- NVFP4
def global_scale_for(x: torch.Tensor, four_over_six: bool = False, per_token: bool = False) -> torch.Tensor:
    """NVFP4 global scale: gs = amax / float32(6 * fp8max), 1.0 where amax == 0.

    This maps the tensor's (or row's) amax to block scale fp8max: 448, or 256 with four_over_six, which leaves
    headroom for the "divide by 4" candidate (amax/4/gs = 384 <= 448). 0-dim, or [..., 1] with per_token.
    """
    fp8max = 256.0 if four_over_six else E4M3_MAX
    if per_token:  # max|x| = max(max x, -min x): exact, and no |x| temporary of the whole tensor
        amax = torch.maximum(x.amax(-1, keepdim=True), -x.amin(-1, keepdim=True)).float()
    else:
        amax = torch.maximum(x.max(), -x.min()).float()
    gs = amax / _f32(6.0 * fp8max, amax)
    return torch.where(amax == 0, torch.ones_like(gs), gs)


def _nvfp4_candidate(xb, amax_b, gs, divisor):
    """One block-scale candidate: s = (amax_b / divisor) / gs -> E4M3, and the codes of x under it.

    xb [R, B, 16] float32, amax_b [R, B], gs 0-dim or [R, 1]. Returns (s8 [R, B], denom [R, B], codes [R, B, 16]).
    """
    s8 = e4m3_round((amax_b / divisor) / gs)
    denom = s8.float() * gs  # the effective float32 scale of the block
    # v = x / denom, or 0 where denom is not > 0 (the E4M3 scale underflowed): dividing by +inf gives +-0 there,
    # which is cheaper than a select over all elements and yields the same codes (0).
    d = torch.where(denom > 0, denom, torch.full_like(denom, float("inf"))).unsqueeze(-1)
    return s8, denom, e2m1_round(xb / d)


def _block_sq_err(xb, codes, denom):
    """err = sum_i (e2m1(code_i) * denom - x_i)^2, summed sequentially i = 0..15 in float32 (product rounded)."""
    d = torch.take(E2M1_VALUES.to(xb.device), codes.long()) * denom.unsqueeze(-1) - xb
    d2 = d * d  # each square rounded to float32 before it is added
    err = torch.zeros_like(denom)
    for i in range(d2.shape[-1]):  # a loop over the 16 columns of every block at once, in a fixed order
        err = err + d2[..., i]
    return err


def resolve_global_scale(x: torch.Tensor, global_scale, four_over_six: bool = False, per_token: bool = False):
    """The global scale quantize_nvfp4 uses for x: computed (global_scale_for) when None, else the given value as
    float32 on x's device, 0-dim, or [..., 1] when it has one entry per row."""
    if global_scale is None:
        return global_scale_for(x, four_over_six, per_token)
    gs = torch.as_tensor(global_scale, dtype=torch.float32, device=x.device)
    if tuple(gs.shape) != tuple(x.shape[:-1]) + (1,):  # not one per row: must be one per tensor
        if gs.numel() != 1:
            raise ValueError(f"global_scale must be a scalar or of shape {tuple(x.shape[:-1]) + (1,)}, "
                             f"got {tuple(gs.shape)}")
        gs = gs.reshape(())
    return gs


def quantize_nvfp4(x: torch.Tensor, global_scale=None, *, four_over_six: bool = False, per_token: bool = False):
    """x [..., K] (fp32/fp16/bf16) -> (packed uint8 [..., K/2], scales float8_e4m3fn [..., K/16], global_scale).

    global_scale: given (float, 0-dim, or [..., 1] per row) or computed by global_scale_for (0-dim, or [..., 1]
    with per_token). four_over_six: per block, also try the block scale amax/4 (the block max maps to 4 instead
    of 6, so 2.5..5 are not rounded on the coarse 4|6 step) and keep it iff its squared error is strictly smaller.
    """
    _check_float_input(x, NVFP4_GROUP)
    gs = resolve_global_scale(x, global_scale, four_over_six, per_token)
    K = x.shape[-1]
    lead = x.shape[:-1]
    x2 = x.reshape(-1, K)
    gs2 = gs if gs.ndim == 0 else gs.reshape(-1, 1)
    packed = torch.empty(x2.shape[0], K // 2, dtype=torch.uint8, device=x.device)
    scales = torch.empty(x2.shape[0], K // NVFP4_GROUP, dtype=torch.uint8, device=x.device)  # E4M3 bytes
    six, four = _f32(6.0, x), _f32(4.0, x)
    for rows in _row_chunks(x2.shape[0], K, x.device):
        xb = x2[rows].float().reshape(-1, K // NVFP4_GROUP, NVFP4_GROUP)
        g = gs2 if gs2.ndim == 0 else gs2[rows]
        amax_b = xb.abs().amax(-1)
        s8, denom, codes = _nvfp4_candidate(xb, amax_b, g, six)
        p8, b8 = pack_fp4(codes), s8.view(torch.uint8)  # [R, B, 8] bytes, [R, B]
        if four_over_six:
            s8_4, denom_4, codes_4 = _nvfp4_candidate(xb, amax_b, g, four)
            use4 = _block_sq_err(xb, codes_4, denom_4) < _block_sq_err(xb, codes, denom)  # strict: ties keep 6
            p8 = torch.where(use4.unsqueeze(-1), pack_fp4(codes_4), p8)
            b8 = torch.where(use4, s8_4.view(torch.uint8), b8)
        packed[rows] = p8.reshape(-1, K // 2)
        scales[rows] = b8
    return (packed.reshape(*lead, K // 2), scales.view(torch.float8_e4m3fn).reshape(*lead, K // NVFP4_GROUP), gs)


def quantize_activation_nvfp4(x: torch.Tensor, input_scale=None, *, per_token: bool = False,
                              four_over_six: bool = False):
    """Activation quantization: the global scale is the static input_scale (multiply convention) when given,
    else computed from x (per tensor, or per row with per_token). Returns quantize_nvfp4's triple."""
    return quantize_nvfp4(x, input_scale, four_over_six=four_over_six, per_token=per_token)


def dequantize_nvfp4(packed: torch.Tensor, scales: torch.Tensor, global_scale, dtype=torch.float32) -> torch.Tensor:
    """w = e2m1(code) * float(scale_e4m3) * global_scale, exact in float64, rounded once to dtype.

    packed [..., K/2] uint8, scales [..., K/16] float8_e4m3fn, global_scale 0-dim/float or [..., 1]."""
    gs = torch.as_tensor(global_scale, device=packed.device).double()
    gs = gs.reshape(-1, 1) if gs.numel() > 1 else gs.reshape(())  # per tensor, or one per row

    def block_scale(s8, rows):  # float(E4M3) * global_scale: exact in float64 (4 x 24 significant bits)
        return s8.float().double() * (gs if gs.ndim == 0 else gs[rows])

    return _dequantize(packed, scales, NVFP4_GROUP, block_scale, dtype)


def _dequantize(packed, scales, group, block_scale_fn, dtype):
    """Shared by both formats: w = e2m1(code) * block_scale, in float64 (exact), rounded once to dtype.

    block_scale_fn(scales_chunk [R, K/group], rows) -> float64 scale per block (the global scale folded in)."""
    K = packed.shape[-1] * 2
    if scales.shape[-1] * group != K or scales.shape[:-1] != packed.shape[:-1]:
        raise ValueError(f"scales {tuple(scales.shape)} do not match packed {tuple(packed.shape)} (group {group})")
    lead = packed.shape[:-1]
    p2, s2 = packed.reshape(-1, K // 2), scales.reshape(-1, K // group)
    out = torch.empty(p2.shape[0], K, dtype=dtype, device=packed.device)
    table = _BYTE_VALUES.to(packed.device).flatten()  # byte b -> table[2b] (low nibble), table[2b + 1] (high)
    lo_hi = torch.arange(2, device=packed.device)
    for rows in _row_chunks(p2.shape[0], K, packed.device):
        vals = torch.take(table, (p2[rows].long() << 1).unsqueeze(-1) + lo_hi)  # [R, K/2, 2] float64
        w = vals.reshape(-1, K // group, group) * block_scale_fn(s2[rows], rows).unsqueeze(-1)
        out[rows] = w.reshape(-1, K)
    return out.reshape(*lead, K)


# ------------------------------------------------------------------------------------------------------- MXFP4
def quantize_mxfp4(x: torch.Tensor):
    """x [..., K] -> (packed uint8 [..., K/2], scales uint8 E8M0 [..., K/32]).

    Per block of 32: e = clamp(floor(log2(amax_b)) - 2 + 127, 0, 254), the power of two that puts amax_b in
    [4, 8) (E2M1's top binade; values in (6, 8) saturate to 6). An all-zero block gets e = 0 and codes 0.
    """
    _check_float_input(x, MXFP4_GROUP)
    K = x.shape[-1]
    lead = x.shape[:-1]
    x2 = x.reshape(-1, K)
    packed = torch.empty(x2.shape[0], K // 2, dtype=torch.uint8, device=x.device)
    scales = torch.empty(x2.shape[0], K // MXFP4_GROUP, dtype=torch.uint8, device=x.device)
    for rows in _row_chunks(x2.shape[0], K, x.device):
        xb = x2[rows].float().reshape(-1, K // MXFP4_GROUP, MXFP4_GROUP)
        amax_b = xb.abs().amax(-1)
        # frexp: amax = m * 2^ex with m in [0.5, 1), so floor(log2(amax)) = ex - 1 (subnormals included).
        ex = torch.frexp(amax_b).exponent.to(torch.int32)
        e = torch.where(amax_b == 0, torch.zeros_like(ex), (ex - 1 - 2 + 127).clamp(0, 254))
        # 2^(e-127) built from its float32 bits: exponent field e for e >= 1; e == 0 is the subnormal 2^-127.
        scale = torch.where(e > 0, e << 23, torch.full_like(e, 1 << 22)).view(torch.float32)
        packed[rows] = pack_fp4(e2m1_round(xb / scale.unsqueeze(-1))).reshape(-1, K // 2)
        scales[rows] = e.to(torch.uint8)
    return packed.reshape(*lead, K // 2), scales.reshape(*lead, K // MXFP4_GROUP)


def _e8m0_to_float64(e: torch.Tensor) -> torch.Tensor:
    """uint8 E8M0 exponent -> 2^(e-127) exactly, from float64 bits (always a normal float64)."""
    return ((e.long() - 127 + 1023) << 52).view(torch.float64)


def dequantize_mxfp4(packed: torch.Tensor, scales: torch.Tensor, dtype=torch.float32) -> torch.Tensor:
    """w = e2m1(code) * 2^(e-127), exact in float64, rounded once to dtype."""
    return _dequantize(packed, scales, MXFP4_GROUP, lambda s, rows: _e8m0_to_float64(s), dtype)


# --------------------------------------------------------------------------------------------- weight container
def _scalar_f32(t) -> Optional[torch.Tensor]:
    """A checkpoint scalar (python float, 0-dim or [1] tensor) -> float32 0-dim tensor; None stays None."""
    if t is None:
        return None
    t = torch.as_tensor(t)
    if t.numel() != 1:
        raise ValueError(f"expected a scalar scale, got shape {tuple(t.shape)}")
    return t.to(torch.float32).reshape(())


def _reciprocal(t: Optional[torch.Tensor]) -> Optional[torch.Tensor]:
    """float32 1/t (the compressed-tensors <-> ModelOpt scale conventions differ by a reciprocal)."""
    return None if t is None else torch.ones_like(t) / t


@dataclass
class NVFP4Weight:
    """A quantized linear weight [N, K] in the ModelOpt (multiply) convention.

    nvfp4: packed uint8 [N, K/2], scales float8_e4m3fn [N, K/16], global_scale float32 0-dim.
    mxfp4: packed uint8 [N, K/2], scales uint8 E8M0 [N, K/32], global_scale None.
    input_scale: optional static activation global scale (float32 0-dim, multiply convention).
    """

    packed: torch.Tensor
    scales: torch.Tensor
    global_scale: Optional[torch.Tensor]
    fmt: str = "nvfp4"
    input_scale: Optional[torch.Tensor] = None

    @property
    def shape(self) -> tuple[int, int]:
        return (self.packed.shape[0], self.packed.shape[1] * 2)

    @property
    def group_size(self) -> int:
        return NVFP4_GROUP if self.fmt == "nvfp4" else MXFP4_GROUP

    def validate(self) -> "NVFP4Weight":
        """Raise ValueError unless dtypes, shapes and devices are consistent. Returns self."""
        if self.fmt not in ("nvfp4", "mxfp4"):
            raise ValueError(f"fmt must be 'nvfp4' or 'mxfp4', got {self.fmt!r}")
        p, s = self.packed, self.scales
        if not isinstance(p, torch.Tensor) or p.dtype != torch.uint8 or p.ndim != 2:
            raise ValueError(f"packed must be a 2-D uint8 tensor [N, K/2], got "
                             f"{getattr(p, 'dtype', type(p))} {tuple(getattr(p, 'shape', ()))}")
        N, K = self.shape
        g = self.group_size
        want_dtype = torch.float8_e4m3fn if self.fmt == "nvfp4" else torch.uint8
        if not isinstance(s, torch.Tensor) or s.dtype != want_dtype:
            raise ValueError(f"{self.fmt} scales must be {want_dtype}, got {getattr(s, 'dtype', type(s))}")
        if K % g:
            raise ValueError(f"K = {K} (2 * packed.shape[1]) is not a multiple of the {self.fmt} group size {g}")
        if tuple(s.shape) != (N, K // g):
            raise ValueError(f"scales shape {tuple(s.shape)} does not match weight [N={N}, K={K}]: "
                             f"expected {(N, K // g)}")
        if self.fmt == "nvfp4":
            gs = self.global_scale
            if not isinstance(gs, torch.Tensor) or gs.dtype != torch.float32 or gs.ndim != 0:
                raise ValueError(f"nvfp4 global_scale must be a float32 0-dim tensor, got "
                                 f"{getattr(gs, 'dtype', type(gs))} {tuple(getattr(gs, 'shape', ()))}")
        elif self.global_scale is not None:
            raise ValueError("mxfp4 has no global scale: global_scale must be None")
        i = self.input_scale
        if i is not None and (not isinstance(i, torch.Tensor) or i.dtype != torch.float32 or i.ndim != 0):
            raise ValueError(f"input_scale must be None or a float32 0-dim tensor, got "
                             f"{getattr(i, 'dtype', type(i))} {tuple(getattr(i, 'shape', ()))}")
        devices = {t.device for t in (p, s, self.global_scale, i) if t is not None}
        if len(devices) > 1:
            raise ValueError(f"tensors are on different devices: {sorted(map(str, devices))}")
        return self

    def dequantize(self, dtype=torch.float64) -> torch.Tensor:
        if self.fmt == "nvfp4":
            return dequantize_nvfp4(self.packed, self.scales, self.global_scale, dtype)
        return dequantize_mxfp4(self.packed, self.scales, dtype)

    def to(self, device) -> "NVFP4Weight":
        mv = lambda t: None if t is None else t.to(device)  # noqa: E731
        return replace(self, packed=mv(self.packed), scales=mv(self.scales),
                       global_scale=mv(self.global_scale), input_scale=mv(self.input_scale))

    # ---- constructors
    @classmethod
    def quantize(cls, w: torch.Tensor, fmt: str = "nvfp4", four_over_six: bool = False) -> "NVFP4Weight":
        """Quantize a float weight [N, K] with a per-tensor global scale (nvfp4) or E8M0 block scales (mxfp4)."""
        if w.ndim != 2:
            raise ValueError(f"weight must be 2-D [N, K], got shape {tuple(w.shape)}")
        if fmt == "nvfp4":
            packed, scales, gs = quantize_nvfp4(w, four_over_six=four_over_six)
            return cls(packed, scales, gs, "nvfp4").validate()
        if fmt == "mxfp4":
            if four_over_six:
                raise ValueError("four_over_six applies to nvfp4 only")
            packed, scales = quantize_mxfp4(w)
            return cls(packed, scales, None, "mxfp4").validate()
        raise ValueError(f"fmt must be 'nvfp4' or 'mxfp4', got {fmt!r}")

    @classmethod
    def from_modelopt(cls, weight, weight_scale, weight_scale_2, input_scale=None) -> "NVFP4Weight":
        """ModelOpt NVFP4 tensors (weight_scale_2 and input_scale multiply; [] or [1] shaped scalars accepted)."""
        return cls(weight, weight_scale, _scalar_f32(weight_scale_2), "nvfp4", _scalar_f32(input_scale)).validate()

    @classmethod
    def from_compressed_tensors(cls, weight_packed, weight_scale, weight_global_scale=None,
                                input_global_scale=None) -> "NVFP4Weight":
        """compressed-tensors NVFP4 (global scales are RECIPROCAL: global_scale = float32(1 / weight_global_scale))
        or MXFP4 (uint8 E8M0 weight_scale and no global scale)."""
        if weight_global_scale is None and weight_scale.dtype == torch.uint8:
            if input_global_scale is not None:
                raise ValueError("MXFP4 weights take no input_global_scale")
            return cls(weight_packed, weight_scale, None, "mxfp4").validate()
        if weight_global_scale is None:
            raise ValueError("NVFP4 compressed-tensors weights need weight_global_scale")
        return cls(weight_packed, weight_scale, _reciprocal(_scalar_f32(weight_global_scale)), "nvfp4",
                   _reciprocal(_scalar_f32(input_global_scale))).validate()

    # ---- checkpoint dicts (key names without the module prefix)
    def to_modelopt(self) -> dict:
        if self.fmt != "nvfp4":
            raise ValueError("the ModelOpt layout is NVFP4 only")
        d = {"weight": self.packed, "weight_scale": self.scales, "weight_scale_2": self.global_scale}
        if self.input_scale is not None:
            d["input_scale"] = self.input_scale
        return d

    def to_compressed_tensors(self) -> dict:
        d = {"weight_packed": self.packed, "weight_scale": self.scales}
        if self.fmt == "nvfp4":
            d["weight_global_scale"] = _reciprocal(self.global_scale)
            if self.input_scale is not None:
                d["input_global_scale"] = _reciprocal(self.input_scale)
        return d
