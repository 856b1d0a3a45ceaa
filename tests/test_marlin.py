"""Marlin-style FP4 GEMM: layout emulation on CPU, kernels vs a float64 reference on GPU.

Tolerances (GPU, ||out - ref|| / ||ref||): fp16 2e-3, bf16 1e-2 (the issue's); the dequantized weights are exact in
fp16/bf16, so the error is the activation/output rounding and fp32 accumulation order.
"""
import functools

import pytest
import torch

from nvfp4_jit import jit, marlin
from nvfp4_jit.numerics import NVFP4Weight

TOL = {torch.float16: 2e-3, torch.bfloat16: 1e-2}


@functools.lru_cache(maxsize=6)
def _weight(N, K, fmt, device="cpu", seed=0):
    """A random quantized weight (not to be modified: cached, since making the large layer shapes took seconds of
    CPU per test; quantized on ``device``)."""
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(N, K, generator=g) * 0.05
    w[0, :16] *= 1e-4  # a block with a tiny scale (subnormal E4M3 / small E8M0)
    if N > 1:
        w[1, :32] = 0  # an all-zero block
    return NVFP4Weight.quantize(w.to(device), fmt=fmt)


# ----------------------------------------------------------------------------- CPU: emulate the kernel's bits
def _emulate(p: marlin.PreparedWeight, dtype) -> torch.Tensor:
    """Dequantize a PreparedWeight exactly as the kernel's registers do (bit formulas of the template)."""
    words = p.wq.view(torch.int32).view(p.n16, p.kt, 8, 4, 4).to(torch.int64) & 0xFFFFFFFF  # nb, kt, g, t, j
    gpt = 64 // p.group
    sc = p.sc.view(p.n16, p.kt, 8, gpt, 2).to(torch.int64)
    if p.group == 32:
        sc = sc.repeat_interleave(2, dim=3)  # lane t reads the scale pair of t // 2
    out = torch.zeros(p.n16 * 16, p.kt * 64, dtype=torch.float64)

    def as_act(bits16):  # int64 tensor of 16-bit patterns -> float64 values of dtype
        return (bits16 - ((bits16 >> 15) << 16)).to(torch.int16).view(dtype).double()

    def scale(byte):
        bits = byte << 7 if dtype == torch.float16 else (byte << 4) | 0x7000
        return as_act(bits)

    s_lo, s_hi = scale(sc[..., 0]), scale(sc[..., 1])  # rows g, g + 8: [nb, kt, g, t]
    q, S = words, 0x80008000
    if dtype == torch.float16:  # dequant_step: sign of a[i] at bit 15 - i, e1 e0 m at MAG_POS[i] -> 11..9
        E = 0x0E000E00
        regs = [(q & S) | ((q << 3) & E), ((q << 1) & S) | ((q << 9) & E), ((q << 2) & S) | (q & E),
                ((q << 3) & S) | ((q << 6) & E)]
    else:  # -> bits 8..6
        E = 0x01C001C0
        regs = [q & (S | E), ((q << 1) & S) | ((q << 6) & E), ((q << 2) & S) | ((q >> 3) & E), (q << 3) & (S | E)]
    for i in range(4):  # a[i]
        r = regs[i] & 0xFFFFFFFF
        lo, hi = as_act(r & 0xFFFF), as_act(r >> 16)  # [nb, kt, g, t, j]
        row_off = 8 * (i & 1)
        kk = 2 * (i >> 1)
        s = (s_hi if i & 1 else s_lo).unsqueeze(-1)
        for lane_half, v in ((0, lo), (1, hi)):
            val = v * s  # [nb, kt, g, t, j]
            nb, kt, g, t, j = torch.meshgrid(*[torch.arange(d) for d in val.shape], indexing="ij")
            n = nb * 16 + g + row_off
            k = kt * 64 + t * 16 + j * 4 + kk + lane_half
            out[n.reshape(-1), k.reshape(-1)] = val.reshape(-1)
    return out[: p.n, : p.k] * p.gscale_host  # registers hold value * scale * 2^-7, gscale = gs * 2^7


@pytest.mark.parametrize("fmt", ["nvfp4", "mxfp4"])
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("N,K", [(32, 128), (40, 96), (17, 64 + 32)])
def test_prepared_layout_emulation(fmt, dtype, N, K):
    w = _weight(N, K, fmt)
    p = marlin.prepare_weight(w)
    got = _emulate(p, dtype)
    ref = w.dequantize(torch.float64)
    assert torch.equal(got, ref), (got - ref).abs().max()


def test_wgmma_dequant_multiply_equals_shifts():
    """The wgmma kernels' dequant_step builds register 1 with one multiply instead of two shifts (bits that do not
    overlap after both shifts: no carries); equal for every word (exhaustive: bench/probe/dequant_mul_check.py),
    checked here on random words and the all-ones / single-bit ones."""
    g = torch.Generator().manual_seed(7)
    q = torch.randint(0, 2**32, (1 << 18,), generator=g, dtype=torch.int64)
    q = torch.cat([q, torch.tensor([0, 2**32 - 1]), 1 << torch.arange(32)])
    S = 0x80008000
    for E, a, b in ((0x0E000E00, 1, 9), (0x01C001C0, 1, 6)):  # f16: sign << 1, magnitude << 9; bf16: << 6
        shifts = ((q << a) & S) | ((q << b) & E)
        mult = ((q & 0x40074007) * ((1 << a) + (1 << b))) & (S | E)
        assert torch.equal(shifts, mult)
    for dt, m in (("f16", "514u"), ("bf16", "66u")):  # the rendered wgmma kernel uses these multipliers
        src = marlin.wgmma_spec("sm_90a", dt, 16, marlin.WGMMA_CONFIGS["m64"]).render()
        assert f"((q & 0x40074007u) * {m}) & (S | E)" in src


def test_wgmma_tensor_map_variant_renders_box_copies(monkeypatch):
    """The TMAP variant issues one 3-D tensor copy each for a stage's weights and scales (instead of the per-warp
    bulk copies) and takes the maps' pointer as its last argument; the default variant is unchanged by the flag."""
    cfg = marlin.WGMMA_CONFIGS["m64"]
    tm = marlin.wgmma_spec("sm_90a", "bf16", 16, cfg, tmap=True).render()
    plain = marlin.wgmma_spec("sm_90a", "bf16", 16, cfg).render()
    assert tm.count("tensor_copy3(") == 3 and "const unsigned char* __restrict__ tmaps" in tm  # (1 definition)
    assert "tensor_copy3" not in plain and "tmaps" not in plain
    for bad in ({"cfg": (64, 2, 1, 4, 1, 4)}, {"cfg": cfg, "moe": True}):
        with pytest.raises(ValueError, match="tensor-map"):
            marlin.wgmma_spec("sm_90a", "bf16", 16, tmap=True, **bad)
    # prebuilt (warmup, CI compile tests): every AT = 1 tile, for 2 dtypes x 2 groups
    at1 = sum(c[1] == 1 for c in dict.fromkeys(marlin.WGMMA_CONFIGS.values()))
    assert sum(dict(s.params).get("TMAP", False) for s in marlin._variants("sm_90a")) == 4 * at1
    monkeypatch.setenv("NVFP4_JIT_WGMMA_TMAP", "yes")
    with pytest.raises(ValueError, match="NVFP4_JIT_WGMMA_TMAP"):
        marlin.use_tmap(cfg, True)
    monkeypatch.setattr(jit, "_tmap_enc", [object()])  # as if the driver had the encoder
    monkeypatch.setenv("NVFP4_JIT_WGMMA_TMAP", "0")
    assert not marlin.use_tmap(cfg, True)
    monkeypatch.setenv("NVFP4_JIT_WGMMA_TMAP", "1")
    assert marlin.use_tmap(cfg, True)
    assert not marlin.use_tmap((64, 2, 1, 4, 1, 4), True) and not marlin.use_tmap(cfg, False)
    monkeypatch.delenv("NVFP4_JIT_WGMMA_TMAP")
    assert marlin.use_tmap(cfg, True) and marlin.use_tmap(marlin.WGMMA_CONFIGS["big"], True)  # (every size)
    monkeypatch.setattr(jit, "_tmap_enc", [None])  # no encoder: the bulk copies
    assert not marlin.use_tmap(cfg, True)


def test_tensor_maps_encoding_and_its_failure(monkeypatch, caplog):
    """jit.tensor_map passes the layout to cuTensorMapEncodeTiled (8-byte elements, innermost first); where encoding
    fails, a weight's wgmma calls get no maps (0: the kernel without them), logged once and not retried; without a
    driver there are no tensor maps at all."""
    import ctypes

    calls = []

    def fake(tmap, dtype, rank, ptr, dims, strides, box, estr, *modes):
        calls.append((dtype, rank, ptr.value, list(dims[:rank]), list(strides[:rank - 1]), list(box[:rank]), modes))
        return fail[0]

    fail = [0]
    monkeypatch.setattr(jit, "_tmap_enc", [fake])
    assert len(jit.tensor_map(4096, (64, 7, 9), (512, 3584), (64, 4, 8))) == 128
    assert calls == [(4, 3, 4096, [64, 7, 9], [512, 3584], [64, 4, 8], (0, 0, 2, 0))]
    fail[0] = 1  # CUDA_ERROR_INVALID_VALUE
    assert jit.tensor_map(4096, (64, 7, 9), (512, 3584), (64, 4, 8)) is None
    p = marlin.prepare_weight(_weight(144, 448, "nvfp4"))
    monkeypatch.setattr(torch.cuda, "is_current_stream_capturing", lambda: False)
    calls.clear()
    with caplog.at_level("WARNING", logger="nvfp4_jit"):
        assert marlin._tensor_maps(p, 0, 8, 4) == 0
        assert marlin._tensor_maps(p, 0, 8, 4) == 0  # (cached: no second attempt)
    assert len(calls) == 2 and [c[3] for c in calls] == [[64, p.kt, p.n16], [8, p.kt, p.n16]]  # wq, then sc
    assert sum("no tensor maps" in r.message for r in caplog.records) == 1
    marlin._tmaps.clear()

    def no_driver(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(jit, "_tmap_enc", [])
    monkeypatch.setattr(ctypes, "CDLL", no_driver)
    assert not jit.has_tensor_maps() and jit.tensor_map(4096, (64, 7, 9), (512, 3584), (64, 4, 8)) is None


def test_marlin_config_env_override(monkeypatch):
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", "1,2,2,4,1,3,1,4")
    assert marlin.choose_config(1, 512, 64, 132) == ((1, 2, 2, 4, 1, 1, 4), 3)
    assert marlin.tile_config(1, 512, 64) == (1, 2, 2, 4, 1, 1, 4)
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", "1,2,2,4,1,1,1,0,4")  # a 4-stage cp.async ring
    assert marlin.choose_config(1, 512, 64, 132) == ((1, 2, 2, 4, 1, 1, 0, 4), 1)
    for bad in ("1,2,2,4,1", "1,2,x,4,1,1", "1,2,2,4,1,0", "1,2,2,4,1,1,1,4,1", "1,2,2,4,1,1,1,4,4,9"):
        monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", bad)
        with pytest.raises(ValueError, match="NVFP4_JIT_MARLIN_CONFIG"):
            marlin.choose_config(1, 512, 64, 132)


def test_ring_config_spec_and_smem():
    """cp.async-ring configs: the stage count reaches the template on SM80+ and is dropped on Turing; shared memory
    is the larger of the rings and the reduction buffer, and every shipped config fits in 227 KiB."""
    cfg = (1, 2, 2, 4, 2, 1, 0, 4)
    assert dict(marlin.gemm_spec("sm_80", "bf16", 16, cfg).params)["cpa"] == 4
    assert dict(marlin.gemm_spec("sm_75", "f16", 16, cfg).params)["cpa"] == 0
    assert marlin.gemm_spec("sm_75", "f16", 16, cfg) == marlin.gemm_spec("sm_75", "f16", 16, cfg[:6])
    assert "cp.async" in marlin.gemm_spec("sm_90a", "bf16", 32, cfg).render()
    assert "cp.async" not in marlin.gemm_spec("sm_75", "f16", 32, cfg).render()
    assert marlin.gemm_smem(cfg, "sm_90a", 16) == 8 * 4 * 2 * 2 * (512 + 64)
    assert marlin.gemm_smem(cfg, "sm_90a", 32) == 8 * 4 * 2 * 2 * (512 + 32)
    assert marlin.gemm_smem(cfg, "sm_75", 16) == 4 * 2 * 2 * 1 * 4 * 32 * 4  # the reduction buffer only
    for c in marlin.CONFIGS:
        assert marlin.gemm_smem(c, "sm_90a", 16) <= 227 * 1024, c
    # three CTAs per SM for the 9..16-token ring on SM90; two below (80 registers spill there)
    assert dict(marlin.gemm_spec("sm_90a", "bf16", 16, marlin.RING_M16_WIDE).params)["MINB"] == 3
    assert dict(marlin.gemm_spec("sm_80", "bf16", 16, marlin.RING_M16_WIDE).params)["MINB"] == 2
    assert dict(marlin.gemm_spec("sm_80", "bf16", 16, marlin.SMALL_M_CONFIGS[(1, 8)]).params)["MINB"] == 3


def test_split_k_rule_uses_ctas_per_sm():
    """SK doubles while 2 x CTAs x SK fits in per_sm x SMs (the CTAs per SM of the config's compiled kernel, which
    gemm() asks CUDA for), and each K-warp keeps >= 2 super-tiles; the default per_sm = 3 is the earlier rule."""
    assert marlin.tile_config(32, 256, 224) == marlin.RING_M32  # 4096x14336, 128 CTAs
    assert marlin.choose_config(32, 256, 224, 132, per_sm=4)[1] == 4
    assert marlin.choose_config(32, 256, 224, 132)[1] == 2
    assert marlin.choose_config(48, 384, 64, 132, per_sm=2) == (marlin.RING_M64, 1)  # 6144x4096, 192 CTAs
    assert marlin.choose_config(48, 384, 64, 132, per_sm=lambda c: 4 if c == marlin.RING_M64 else 0)[1] == 2
    assert marlin.choose_config(48, 256, 64, 132, per_sm=2)[1] == 2  # 4096x4096, 128 CTAs
    assert marlin.choose_config(1, 512, 448, 132, per_sm=4)[1] == 1  # <= 8 tokens: never split (MT = 1)
    assert marlin.choose_config(9, 512, 448, 132, per_sm=4)[1] == 2  # 9..16 tokens, 256 CTAs: split
    assert marlin.choose_config(16, 1792, 64, 132, per_sm=3)[1] == 1  # RING_M16_WIDE on 28672x4096: 896 CTAs
    assert marlin.choose_config(16, 256, 64, 132, per_sm=8)[1] == 1  # NT = 1: never split


def test_few_token_configs_by_waves():
    """9..16 tokens on narrow layers: P = 1 (3 CTAs per SM) where the P = 2 grid needs more than one wave;
    <= 8 tokens on wide layers with K <= 16384: one column of 4 K-warps."""
    two_per_sm = lambda c: 2 if c[4] == 2 else 3  # noqa: E731 (the MT = 2 configs' occupancy on H200)
    assert marlin.choose_config(16, 256, 64, 132, two_per_sm)[0] == marlin.SMALL_M_CONFIGS[(2, 8)]  # 256 CTAs
    assert marlin.choose_config(16, 384, 64, 132, two_per_sm)[0] == marlin.SMALL_M2_P1[8]  # 6144x4096: 384 CTAs
    assert marlin.choose_config(12, 384, 8, 40, two_per_sm)[0] == marlin.SMALL_M2_P1[2]  # 96 CTAs on 40 SMs
    assert marlin.choose_config(16, 384, 64, 132, per_sm=3)[0] == marlin.SMALL_M_CONFIGS[(2, 8)]
    assert marlin.choose_config(8, 384, 64, 132, per_sm=1)[0] == marlin.SMALL_M_CONFIGS[(1, 8)]  # MT = 1 keeps P = 2
    assert marlin.tile_config(1, 1792, 64) == marlin.WIDE_M8["short"] == (1, 2, 1, 4, 2, 1)
    ring_per_sm = lambda c: 5 if c == marlin.RING_M16_WIDE4 else 3  # noqa: E731 (H200)
    assert marlin.choose_config(16, 896, 64, 132, ring_per_sm)[0] == marlin.RING_M16_WIDE4  # 14336x4096: 448 CTAs
    assert marlin.choose_config(16, 1792, 64, 132, ring_per_sm)[0] == marlin.RING_M16_WIDE  # 896 CTAs
    assert marlin.choose_config(16, 512, 448, 132, ring_per_sm)[0] == marlin.RING_M16_WIDE  # 256 CTAs: one wave
    assert all(c in marlin.CONFIGS for c in marlin.SMALL_M2_P1.values())
    wide_per_sm = lambda c: 5 if c == marlin.WIDE_M8_NT4 else 4  # noqa: E731 (H100)
    assert marlin.choose_config(1, 1792, 64, 132, wide_per_sm) == (marlin.WIDE_M8_NT4, 1)  # 28672x4096: 896 -> 448
    assert marlin.choose_config(8, 1792, 64, 132, wide_per_sm)[0] == marlin.WIDE_M8_NT4
    assert marlin.choose_config(1, 896, 64, 132, wide_per_sm)[0] == marlin.WIDE_M8["short"]  # 448 CTAs: one wave
    assert marlin.choose_config(1, 3584, 128, 132, wide_per_sm)[0] == marlin.WIDE_M8["short"]  # NT = 4: 896, two
    assert marlin.choose_config(1, 1792, 64, 132, per_sm=3)[0] == marlin.WIDE_M8["short"]  # 448 > 396
    assert marlin.choose_config(1, 512, 448, 132, wide_per_sm)[0] == marlin.WIDE_M8["long"]
    assert marlin.WIDE_M8_NT4 in marlin.CONFIGS
    m16_per_sm = lambda c: {marlin.RING_M16_WIDE: 3, marlin.RING_M16_WIDE4: 5, marlin.WIDE_M16_NT4: 4}.get(c, 4)  # noqa: E731
    assert marlin.choose_config(16, 1792, 64, 132, m16_per_sm) == (marlin.WIDE_M16_NT4, 1)  # 896 > 660; 448 <= 528
    assert marlin.choose_config(16, 896, 64, 132, m16_per_sm)[0] == marlin.RING_M16_WIDE4  # 448 CTAs
    assert marlin.choose_config(16, 3584, 64, 132, m16_per_sm)[0] == marlin.RING_M16_WIDE  # NT = 4: 896 > 528
    assert marlin.WIDE_M16_NT4 in marlin.CONFIGS


def test_choose_config_covers_m():
    for M in (1, 7, 8, 9, 16, 17, 33, 64, 65, 200):
        for n16, kt in ((256, 64), (1792, 64), (2, 1), (256, 448)):
            cfg, sk = marlin.choose_config(M, n16, kt, 132)
            assert cfg in marlin.CONFIGS
            assert 8 * cfg[0] >= min(M, 64) or cfg == marlin.rows_config(M, n16, kt, 132)  # (or rows of it)
            assert sk >= 1 and (sk == 1 or kt // (sk * cfg[3]) >= 2) and len(cfg) in (6, 7, 8)
            assert marlin.tile_config(M, n16, kt, ring=False) in marlin.CONFIGS
            assert len(marlin.tile_config(M, n16, kt, ring=False)) < 8
    # the ring where it measured faster: 9..32 tokens on large layers, 33+ everywhere; never <= 8 tokens
    assert marlin.tile_config(16, 1792, 64) == marlin.RING_M16_WIDE
    assert marlin.tile_config(32, 384, 64) == marlin.RING_M32 == marlin.tile_config(32, 1792, 64)
    assert marlin.tile_config(32, 256, 64) == marlin.CONFIG_M32["narrow"]  # 4096x4096
    assert marlin.tile_config(32, 512, 448) == marlin.CONFIG_M32["wide"]  # 8192x28672
    assert marlin.tile_config(64, 256, 64) == marlin.RING_M64
    assert all(len(marlin.tile_config(m, n16, kt)) < 8 for m in (1, 8) for n16 in (1, 256, 1792) for kt in (1, 64, 448))


def test_short_k_narrow_takes_two_rows_of_32_token_tiles(monkeypatch):
    """33-64 tokens on short-K narrow layers where two rows of the 32-token K-group tile "m32k" fit one wave (N up
    to 4224): m32k without split K, not m64k (with split K 2 where K >= 4096)."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA_CONFIG", raising=False)
    C = marlin.WGMMA_CONFIGS
    assert C["m32k"] == (32,) + C["m64k"][1:]
    for M in (33, 40, 48, 64):
        for n16, kt in ((256, 16), (256, 32), (256, 56), (256, 64), (224, 56), (192, 64)):  # 4096x1024 .. 3072x4096
            assert _chosen(M, n16, kt, 132) == (C["m32k"], 1)
        assert _chosen(M, 384, 64, 132)[0] == C["m64k"]  # 6144x4096: 192 CTAs of m32k
        assert _chosen(M, 256, 128, 132)[0] != C["m32k"]  # 4096x8192 (long K)
    assert _chosen(97, 256, 64, 132) == (C["m64k"], 1)
    assert _chosen(32, 256, 64, 132)[0] != C["m32k"]


def test_m32k_at_17_32_tokens_and_m48k_at_65_96(monkeypatch):
    """17-32 tokens on K <= 4096 layers where one row of "m32k" fills more than half a wave (N 4240-8448): wgmma
    m32k, not mma.sync; 65-96 tokens where m64k runs two row blocks: two of "m48k" instead (less padding)."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    monkeypatch.delenv("NVFP4_JIT_WGMMA_CONFIG", raising=False)
    C = marlin.WGMMA_CONFIGS
    assert C["m48k"] == (48,) + C["m64k"][1:]
    for M in (17, 24, 32):
        # 8192x1024 / x2048 / x3584, 6144x1024, 4608x1536, 5120x3072
        for n16, kt in ((512, 16), (512, 32), (512, 56), (384, 16), (288, 24), (320, 48)):
            assert marlin.route(M, n16, kt, "sm_90a", sms=132) == "wgmma"
            assert marlin.choose_wgmma(M, n16, kt, 132) == (C["m32k"], 1)
        for n16, kt in ((256, 16), (576, 16), (320, 72)):  # 4096x1024 (half a wave), 9216x1024, K 4608 (unmeasured)
            assert marlin.route(M, n16, kt, "sm_90a", sms=132) == "mma.sync"
        assert marlin.choose_wgmma(M, 512, 72, 132)[0] == C["s32x2"]  # 8192x4608: a one-warpgroup tile fills a wave
    assert marlin.route(16, 512, 16, "sm_90a", sms=132) == "mma.sync"
    for M in (65, 80, 96):
        assert marlin.choose_wgmma(M, 256, 32, 132) == (C["m48k"], 1)  # 4096x2048
    assert marlin.choose_wgmma(97, 256, 32, 132) == (C["m64k"], 1)
    assert marlin.choose_wgmma(80, 384, 64, 132)[0] == C["m80k"]  # 6144x4096 (m64k does not fit one wave)


def _chosen(M, n16, kt, sms):
    """choose_wgmma with the 48-token twins at 33-48 tokens mapped back to their 64-token tiles (the rules below
    pick the tile; _fit_bm then fits it, test_fitted_twins)."""
    cfg, sk = marlin.choose_wgmma(M, n16, kt, sms)
    if M <= 48:
        C = marlin.WGMMA_CONFIGS
        cfg = next((C[b] for b, fits in marlin.WGMMA_FITS.items() if C[b][0] == 64 and cfg in (C[f] for f in fits)),
                   cfg)
    return cfg, sk


def test_fitted_twins(monkeypatch):
    """_fit_bm: each twin is its base tile with fewer tokens; the smallest that holds ceil(M / row blocks)."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA_CONFIG", raising=False)
    C = marlin.WGMMA_CONFIGS
    for base, fits in marlin.WGMMA_FITS.items():
        for f in fits:
            assert C[f][1:] == C[base][1:] and C[f][0] < C[base][0] and C[f][0] % 16 == 0
    assert marlin._fit_bm(C["big"], 129) == C["b160"] and marlin._fit_bm(C["big"], 193) == C["b224"]
    assert marlin._fit_bm(C["big"], 225) == C["big"]
    assert marlin._fit_bm(C["m64"], 33) == C["m48w"] and marlin._fit_bm(C["m64"], 49) == C["m64"]
    assert marlin._fit_bm(C["m64k"], 80) == C["m48k"]  # (two row blocks of 40)
    assert marlin._fit_bm(C["m64k"], 112) == C["m64k"]
    assert marlin._fit_bm(C["m128"], 150) == C["m80"] and marlin._fit_bm(C["m128"], 300) == C["m112"]  # (3 x 100)
    assert marlin._fit_bm(C["m32k"], 40) == C["m32k"]  # (no twins)


def test_big_tile_split_by_busiest_sm_load(monkeypatch):
    """129-256 tokens: "big" (one row block) takes split K 1..3 by the busiest SM's load (_big_split; any integer),
    and narrow layers take it in place of two row blocks of "m128" where that load is <= WGMMA_BIG_GAIN of theirs;
    at 65-128 tokens its twins b80..b128 in place of the m128 twins on the same condition (_or_big)."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA_CONFIG", raising=False)
    C = marlin.WGMMA_CONFIGS
    # 10240x8192: 80 CTAs; split 3 is two waves of 240 (2/3 of a tile per SM), split 2 (160 CTAs) two waves of halves
    assert marlin._sm_load(C["b224"], 224, 640, 128, 132, 3) < marlin._sm_load(C["b224"], 224, 640, 128, 132, 1)
    assert marlin._sm_load(C["b224"], 224, 640, 128, 132, 1) == marlin._sm_load(C["b224"], 224, 640, 128, 132, 2)
    for M, f in ((129, "b160"), (192, "b192"), (224, "b224"), (256, "big")):
        assert marlin.choose_wgmma(M, 640, 128, 132) == (C[f], 3)
    assert marlin.choose_wgmma(224, 512, 128, 132) == (C["b224"], 2)  # 8192x8192: 64 CTAs, one wave of halves
    assert marlin.choose_wgmma(224, 896, 64, 132) == (C["b224"], 1)  # 14336x4096: 112 CTAs
    assert marlin.choose_wgmma(160, 768, 128, 132) == (C["b160"], 1)  # 12288x8192: 96 CTAs (split 4 lost)
    assert marlin.choose_wgmma(160, 1792, 64, 132) == (C["b160"], 1)  # 28672x4096
    assert marlin.choose_wgmma(300, 640, 128, 132)[1] in (1, 2, 4)  # (two row blocks: the old rule)
    # 4608x14336: m80 in two row blocks is 144 CTAs (12 SMs take two), big split 3 108
    for M, f in ((160, "b160"), (224, "b224"), (256, "big")):
        assert marlin.choose_wgmma(M, 288, 224, 132) == (C[f], 3)
    # 65-128 tokens: one row block of the 128-row tile against m80..m128 (10240x8192: 160 CTAs, two on 28 SMs;
    # 4608x14336: 72 split 2) where its load is <= WGMMA_BIG_GAIN of theirs
    for M, f in ((65, "b80"), (96, "b96"), (112, "b112"), (128, "b128")):
        assert marlin.choose_wgmma(M, 640, 128, 132) == (C[f], 3)
        assert marlin.choose_wgmma(M, 288, 224, 132) == (C[f], 3)
    assert marlin.choose_wgmma(96, 896, 128, 132) == (C["m96"], 1)  # 14336x8192 (tie: 224 CTAs against 112)
    assert marlin.choose_wgmma(80, 1792, 64, 132) == (C["m80"], 1)  # 28672x4096
    assert marlin._fit_bm(C["big"], 300) == C["b160"]  # (two row blocks: never the 65-128 twins)
    # wide layers at 129-256 tokens where big's grid is short (K too short to split into slices of >= 32): two row
    # blocks of m128 where their load is <= WGMMA_TWIN_GAIN of big's (8192x2048: 64 big CTAs, 256 of m80)
    for M, f in ((160, "m80"), (224, "m112"), (256, "m128")):
        assert marlin.choose_wgmma(M, 512, 32, 132) == (C[f], 1)
    # above that, big (the K-group twins and the short-K twins at an even load lost to it with the staged epilogue,
    # thirty-second session)
    for M, f in ((160, "b160"), (192, "b192"), (193, "b224"), (224, "b224"), (256, "big")):
        assert marlin.choose_wgmma(M, 768, 64, 132) == (C[f], 1)  # 12288x4096
        assert marlin.choose_wgmma(M, 576, 32, 132) == (C[f], 1)  # 9216x2048
        assert marlin.choose_wgmma(M, 768, 128, 132) == (C[f], 1)  # 12288x8192 (K > 4096)
        assert marlin.choose_wgmma(M, 896, 64, 132) == (C[f], 1)  # 14336x4096 (1.0x)
        assert marlin.choose_wgmma(M, 896, 16, 132) == (C[f], 1)  # 14336x1024 (1.0x)
        assert marlin.choose_wgmma(M, 896, 24, 132) == (C[f], 1)  # 14336x1536
        assert marlin.choose_wgmma(M, 576, 16, 132) == (C[f], 1)  # 9216x1024 (0.75x)
        assert marlin.choose_wgmma(M, 896, 32, 132) == (C[f], 1)  # 14336x2048
    # the m128 twins where big splits K = 4096 into more than one wave (24576x4096: 192 big CTAs, split 2); not where
    # big runs one wave of split halves (8192x4096), does not split (28672x4096) or K > 4096 (24576x8192)
    for M, f in ((160, "m80"), (192, "m96"), (224, "m112"), (256, "m128")):
        assert marlin.choose_wgmma(M, 1536, 64, 132) == (C[f], 1)
        assert marlin.choose_wgmma(M, 1152, 64, 132) == (C[f], 1)  # 18432x4096 (0.83x: not the m128k twins)
    for M, f in ((160, "b160"), (256, "big")):
        assert marlin.choose_wgmma(M, 512, 64, 132) == (C[f], 2)
        assert marlin.choose_wgmma(M, 1792, 64, 132) == (C[f], 1)
        assert marlin.choose_wgmma(M, 1536, 128, 132) == (C[f], 2)
    # ties keep the 64-row tiles: 6144x4096, 4096x8192, 4096x14336, 4096x4096
    assert marlin.choose_wgmma(160, 384, 64, 132) == (C["m80"], 1)
    assert marlin.choose_wgmma(224, 256, 128, 132) == (C["m112"], 2)
    assert marlin.choose_wgmma(160, 256, 224, 132) == (C["m80"], 2)
    assert marlin.choose_wgmma(160, 256, 64, 132) == (C["m80k"], 1)
    # slices keep >= WGMMA_MIN_SLICE super-tiles: K = 4096 splits at most in two
    assert all(marlin._big_split(C["b160"], 160, n16, 64, 132) <= 2 for n16 in range(512, 2049, 64))


def test_65_128_tokens_fitted_token_tiles_and_fullest_k_group_grid(monkeypatch):
    """65-127 tokens: "m128k" / "m128" with BM = M rounded up to 16, and 129-224 two row blocks of "m128" fitted the
    same way (_fit_bm); 65-128 tokens on narrow layers with
    K <= 8192: the K-group tile and split K whose grid is fullest within one wave (_kgroup_fill)."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA_CONFIG", raising=False)
    C = marlin.WGMMA_CONFIGS
    for bm in (80, 96, 112):
        assert C[f"m{bm}k"] == (bm,) + C["m128k"][1:] and C[f"m{bm}"] == (bm,) + C["m128"][1:]
    for M, bm in ((65, 80), (80, 80), (81, 96), (96, 96), (112, 112)):
        assert marlin.choose_wgmma(M, 512, 16, 132) == (C[f"m{bm}k"], 1)  # 8192x1024
        assert marlin.choose_wgmma(M, 1792, 64, 132) == (C[f"m{bm}"], 1)  # 28672x4096
        assert marlin.choose_wgmma(M, 512, 448, 132) == (C[f"m{bm}"], 2)  # 8192x28672 (split as before)
    assert marlin.choose_wgmma(128, 512, 16, 132) == (C["m128k"], 1)
    assert marlin.choose_wgmma(129, 384, 64, 132)[0] == C["m80"]  # 6144x4096: two row blocks of m128, fitted
    for M, bm in ((160, 80), (161, 96), (192, 96), (224, 112)):
        assert marlin.choose_wgmma(M, 256, 128, 132) == (C[f"m{bm}"], 2)  # 4096x8192 (m128 split 2 before)
    assert marlin.choose_wgmma(225, 256, 128, 132) == (C["m128"], 2)
    assert marlin.choose_wgmma(160, 1792, 64, 132)[0] == C["b160"]  # 28672x4096: big, fitted
    assert marlin.choose_wgmma(256, 256, 64, 132) == (C["m128k"], 1)  # (m128k in two row blocks: not measured)
    for M in (80, 96):
        assert marlin.choose_wgmma(M, 160, 128, 132) == (C["m32k"], 1)  # 2560x8192: 120 CTAs (m128 split 4 before)
        assert marlin.choose_wgmma(M, 80, 128, 132) == (C["m32k"], 2)  # 1280x8192: 120 (m64k split 2 before: 80)
        assert marlin.choose_wgmma(M, 256, 128, 132) == (C["m48k"], 1)  # 4096x8192: 128
    for M in (112, 128):
        assert marlin.choose_wgmma(M, 160, 128, 132) == (C["m48k"], 1)
        assert marlin.choose_wgmma(M, 48, 64, 132) == (C["m32k"], 2)  # 768x4096: 96 CTAs (m64k split 2: 48)
        assert marlin.choose_wgmma(M, 64, 128, 132) == (C["m64k"], 4)  # 1024x8192: tie with m32k split 2
        assert marlin.choose_wgmma(M, 256, 16, 132) == (C["m64k"], 1)  # 4096x1024 as before
    assert marlin.choose_wgmma(96, 64, 128, 132) == (C["m48k"], 4)  # same CTAs as m64k split 4, no padding
    assert marlin.choose_wgmma(128, 128, 224, 132) == (C["m64k"], 2)  # 2048x14336: long K, m64k_split as before
    assert marlin.choose_wgmma(96, 256, 224, 132) == (C["m96"], 4)  # 4096x14336: m128 split, fitted
    for M in range(65, 129):
        for n16 in (32, 48, 80, 160, 256, 384):
            for kt in (16, 64, 128):
                cfg, sk = marlin.choose_wgmma(M, n16, kt, 132)
                assert cfg in C.values() and -(-M // cfg[0]) * cfg[0] - M < 48
                if cfg[0] < 64:
                    assert marlin.wgmma_ctas(cfg, M, n16) * sk <= 132


def test_long_k_small_narrow_takes_m64k_split(monkeypatch):
    """33-256 tokens on long-K narrow layers: the K-group tile "m64k" where its grid fits in half a wave (then split
    K), else "m128" / "big" (65-256) or "m64d" (33-64); at 33-64 the one-warpgroup tiles and rows of the 16-token
    mma.sync tile keep their place, rows of CONFIG_M32["narrow"] (K = 8192) give way on SM90a."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    C = marlin.WGMMA_CONFIGS
    m64k, m128 = C["m64k"], C["m128"]
    assert _chosen(128, 80, 128, 132) == (C["m48k"], 2)  # 1280x8192: 120 CTAs (_kgroup_fill)
    assert _chosen(65, 64, 224, 132) == (C["m48k"], 4)  # 1024x14336 (two row blocks of m64k, fitted)
    assert _chosen(256, 64, 128, 132) == (m64k, 2)  # 1024x8192: 64 CTAs
    assert _chosen(128, 256, 128, 132) == (m64k, 1)  # 4096x8192: 128 CTAs (_kgroup_fill)
    assert _chosen(128, 256, 224, 132)[0] == m128  # 4096x14336: more than half a wave, long K
    assert _chosen(192, 128, 128, 132)[0] == C["m96"]  # 2048x8192: 96 CTAs of m128, fitted (_fit_bm)
    for M in (33, 48, 64):  # 2048x14336, 1536x14336, 2560x8192 (m64d before), 2048x8192 (rows before)
        for n16, kt, sk in ((128, 224, 4), (96, 224, 4), (160, 128, 2), (128, 128, 4)):
            assert _chosen(M, n16, kt, 132) == (m64k, sk)
            assert marlin.route(M, n16, kt, "sm_90a") == "wgmma"
        assert _chosen(M, 256, 128, 132)[0] == C["s64x2"]  # 4096x8192 (64 CTAs of m64k: one wave too)
        assert _chosen(M, 384, 224, 132)[0] != m64k  # 6144x14336: 96 CTAs, more than half a wave
    assert marlin.route(48, 80, 224, "sm_90a") == "mma.sync"  # 1280x14336 M = 48: rows of the 16-token tile
    assert marlin.route(64, 80, 224, "sm_90a") == "wgmma" and _chosen(64, 80, 224, 132) == (m64k, 4)
    assert marlin.route(64, 80, 128, "sm_90a") == "wgmma" and _chosen(64, 80, 128, 132) == (m64k, 4)
    assert marlin.route(64, 80, 128, "sm_80") == "mma.sync"  # (elsewhere the rows stay)
    assert _chosen(32, 128, 224, 132)[0] != m64k  # (from 33 tokens)


def test_wide_split_k_m64_takes_one_cta_per_sm(monkeypatch):
    """33-64 tokens on wide layers that take "m64": its one-CTA-per-SM twin "m64d" with half the split where m64's
    split K fills >= 95% of its two-per-SM wave, "m64" elsewhere."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA_CONFIG", raising=False)
    C = marlin.WGMMA_CONFIGS
    for M in (33, 48, 64):
        assert _chosen(M, 512, 448, 132) == (C["m64d"], 2)  # 8192x28672: m64 would split 4 (256 of 264 CTAs)
        assert _chosen(M, 1024, 256, 132) == (C["m64d"], 1)  # 16384x16384: m64 256 of 264 CTAs
        assert _chosen(M, 1024, 224, 132) == (C["m64d"], 1)  # 16384x14336
        assert _chosen(M, 896, 256, 132) == (C["m64"], 2)  # 14336x16384: 224 CTAs
        assert _chosen(M, 768, 448, 132) == (C["m64"], 2)  # 12288x28672: 192 CTAs
        assert _chosen(M, 1792, 64, 132) == (C["m64"], 1)  # 28672x4096
        assert _chosen(M, 3584, 128, 132) == (C["m64"], 1)  # 57344x8192
    assert _chosen(65, 512, 448, 132)[0] == C["m80"]  # (_fit_bm)
    assert C["m64d"][:3] == C["m64"][:3] and C["m64d"][4] == 1 and C["m64"][4] == 2  # one CTA per SM, not two


def test_small_narrow_layers_take_rows_of_the_16_or_32_token_configs(monkeypatch):
    """17-64 tokens on small narrow layers (rows_config), on mma.sync (not wgmma): ceil(M / 16) rows of the 16-token
    config where they fit one wave (2 per SM); else at 33-64 two rows of CONFIG_M32["narrow"] (K <= 8192, one wave of
    one CTA per SM) or, below 4096x1024, of CONFIG_M32["wide"] without split K; larger ones keep their tiles."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    m16, narrow, wide = marlin.SMALL_M_CONFIGS[(2, 8)], marlin.CONFIG_M32["narrow"], marlin.CONFIG_M32["wide"]
    assert marlin.choose_config(32, 128, 128, 132, 2) == (m16, 1)  # 2048x8192: 256 CTAs
    assert marlin.choose_config(17, 80, 128, 132, 2) == (m16, 1)  # 1280x8192
    assert marlin.choose_config(32, 192, 64, 132, 2) == (narrow, 1)  # 3072x4096: 384 > 264 (tile_config's own)
    assert marlin.choose_config(32, 128, 128, 114, 2) == (narrow, 1)  # 256 > 228 on 114 SMs
    assert marlin.choose_config(16, 128, 128, 132, 2) == (m16, 1)
    cases = {m16: ((33, 88, 128), (48, 64, 128), (64, 48, 64), (64, 64, 224), (64, 66, 128)),
             # 2048x8192 M = 33, 1280x8192 M = 64 (320 CTAs of m16; on SM90a both wgmma, m64k_split), 2048x2048
             # M = 48, N = 2112
             narrow: ((33, 128, 128), (64, 80, 128), (48, 128, 32), (64, 132, 64)),
             wide: ((33, 192, 16), (64, 256, 8), (40, 500, 8))}  # 3072x1024, 4096x512, 8000x512
    for cfg, shapes in cases.items():
        for M, n16, kt in shapes:
            path = "wgmma" if kt == 128 and cfg == narrow else "mma.sync"
            assert marlin.rows_config(M, n16, kt, 132) == cfg and marlin.route(M, n16, kt, "sm_90a") == path
            assert marlin.route(M, n16, kt, "sm_80") == "mma.sync"
            assert marlin.choose_config(M, n16, kt, 132, 2) == (cfg, 1)
    # 2048x14336 and N > 2112 from 4096x1024 at 64 tokens (wgmma), fewer SMs, wide layers, 16 or 65 tokens: none
    assert not any(marlin.rows_config(M, n16, kt, sms) for M, n16, kt, sms in (
        (64, 128, 224, 132), (64, 134, 64, 132), (64, 256, 16, 132), (64, 512, 4, 132), (32, 192, 16, 132),
        (16, 8, 64, 132), (65, 8, 64, 132)))
    assert marlin.rows_config(64, 128, 64, 114) is None and marlin.rows_config(64, 128, 16, 114) == wide  # 114 SMs
    assert marlin.route(64, 128, 224, "sm_90a") == "wgmma" and marlin.route(64, 134, 64, "sm_90a") == "wgmma"


def test_wgmma_rule_and_configs(monkeypatch):
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    assert not marlin.use_wgmma(64, 1792, 64, "sm_80") and not marlin.use_wgmma(64, 1792, 64, "sm_100a")
    assert marlin.use_wgmma(64, 896, 64, "sm_90a") and not marlin.use_wgmma(16, 896, 64, "sm_90a")
    assert marlin.use_wgmma(17, 1792, 64, "sm_90a") and marlin.use_wgmma(17, 512, 448, "sm_90a")  # wide: from 17
    # ... the largest (from 7 x 4096x4096: 28672x4096, 14336x8192, 8192x28672) from 9
    assert marlin.use_wgmma(9, 1792, 64, "sm_90a") and not marlin.use_wgmma(8, 1792, 64, "sm_90a")
    assert marlin.use_wgmma(9, 896, 128, "sm_90a") and not marlin.use_wgmma(16, 640, 128, "sm_90a")  # (10240x8192)
    assert not marlin.use_wgmma(16, 1536, 64, "sm_90a") and not marlin.use_wgmma(16, 768, 128, "sm_90a")  # (6x)
    assert marlin.use_wgmma(9, 512, 448, "sm_90a") and not marlin.use_wgmma(9, 256, 448, "sm_90a")  # (narrow)
    assert marlin.use_wgmma(17, 896, 64, "sm_90a") and not marlin.use_wgmma(16, 512, 64, "sm_90a")
    # 17-32 tokens wherever a one-warpgroup tile fills >= 80% of a wave (8192x4096, 4096x14336, 5120x8192), not on
    # 4096x4096 / 2048x8192 (K slices of 32 super-tiles: 48-73%) nor with fewer SMs where it does not (6144x4096
    # takes wgmma by the "m32k" rule instead, see test_m32k_at_17_32_tokens_and_m48k_at_65_96)
    assert marlin.use_wgmma(32, 512, 64, "sm_90a") and marlin.use_wgmma(17, 256, 224, "sm_90a")
    assert marlin.use_wgmma(24, 320, 128, "sm_90a") and not marlin.use_wgmma(32, 512, 64, "sm_90a", sms=114)
    assert not any(marlin.use_wgmma(32, n16, kt, "sm_90a") for n16, kt in ((256, 64), (128, 128)))
    assert marlin.use_wgmma(33, 512, 64, "sm_90a")
    assert marlin.use_wgmma(2048, 1792, 64, "sm_90a") and not marlin.use_wgmma(4096, 1792, 64, "sm_90a")
    # narrow layers: from 33 tokens when larger than 4096x4096 or K has two slices of 32 super-tiles (and >= 2048
    # rows), else 65..256
    assert marlin.use_wgmma(33, 384, 64, "sm_90a") and marlin.use_wgmma(2048, 256, 224, "sm_90a")
    assert not marlin.use_wgmma(32, 384, 72, "sm_90a") and not marlin.use_wgmma(4096, 256, 224, "sm_90a")
    assert marlin.use_wgmma(33, 256, 64, "sm_90a") and not marlin.use_wgmma(32, 256, 64, "sm_90a")
    assert marlin.use_wgmma(33, 256, 224, "sm_90a") and not marlin.use_wgmma(16, 256, 224, "sm_90a")  # (s32x2 at 17-32)
    # 33-64 tokens from 4096x1024 (not 4096x512 nor 2048x1024), unless rows of 16 tokens fit a wave (1024x4096)
    assert marlin.use_wgmma(33, 256, 16, "sm_90a") and marlin.use_wgmma(64, 256, 32, "sm_90a")
    assert not marlin.use_wgmma(64, 256, 8, "sm_90a") and marlin.use_wgmma(65, 256, 8, "sm_90a")
    assert marlin.use_wgmma(64, 192, 64, "sm_90a") and not marlin.use_wgmma(64, 128, 64, "sm_90a")  # 3072 / 2048 rows
    assert marlin.use_wgmma(200, 256, 64, "sm_90a") and not marlin.use_wgmma(1025, 256, 64, "sm_90a")
    assert not marlin.use_wgmma(64, 128, 16, "sm_90a") and marlin.use_wgmma(65, 128, 16, "sm_90a")
    assert marlin.route(1025, 256, 64, "sm_90a") == "dequant+cuBLAS" and marlin.route(1024, 256, 64, "sm_90a") == "wgmma"
    # ... where the waves of the 128 x 128 tiles cost less than dequantize + cuBLAS (_m128w_wins; measured with
    # the staged epilogue, ab_m128w_s32l_h100.log): 4096x4096 M = 768 (192 CTAs, two waves) 55.3 against 50.8 µs
    assert marlin.route(768, 256, 64, "sm_90a") == "dequant+cuBLAS" and marlin.route(384, 320, 64, "sm_90a") == "wgmma"
    assert marlin.route(384, 320, 64, "sm_90a", sms=114) == "dequant+cuBLAS"  # (H100 PCIe: 120 CTAs, 2 waves)
    assert marlin.route(384, 256, 64, "sm_90a") == "wgmma" and marlin.route(257, 256, 64, "sm_90a") == "wgmma"
    assert marlin.route(640, 256, 64, "sm_90a") == "dequant+cuBLAS"  # 160 CTAs, 2 waves: 54.4 against 44.8 µs
    assert marlin.route(512, 448, 64, "sm_90a") == "wgmma"  # 7168x4096: 224 CTAs, 2 waves: 55.1 against 72.3 µs
    assert marlin.route(640, 320, 64, "sm_90a") == "wgmma"  # 5120x4096: 200 CTAs: 54.8 against 63.7 µs
    assert marlin.route(512, 256, 48, "sm_90a") == "wgmma"  # 4096x3072: 128 CTAs: 26.2 against 32.2 µs
    assert marlin.route(640, 256, 32, "sm_90a") == "dequant+cuBLAS"  # 4096x2048: 2 waves, 33.0 against 26.8 µs
    # not measured: N < 4096 or K < 2048
    assert marlin.route(512, 192, 64, "sm_90a") == "dequant+cuBLAS" and marlin.route(300, 512 - 16, 16, "sm_90a") \
        == "dequant+cuBLAS"
    # narrow with K <= 4096: dequantize + cuBLAS beyond 1024 tokens (from 4096x4096; smaller ones beyond 256);
    # longer K keeps wgmma
    assert marlin.route(1024, 384, 64, "sm_90a") == "wgmma" and marlin.route(384, 384, 64, "sm_90a") == "dequant+cuBLAS"
    assert marlin.route(256, 128, 64, "sm_90a") == "wgmma" and marlin.route(257, 128, 64, "sm_90a") == "dequant+cuBLAS"
    assert marlin.route(1024, 256, 224, "sm_90a") == "wgmma"
    assert marlin.route(64, 256, 8, "sm_90a") == "mma.sync" and marlin.route(1024, 1792, 64, "sm_90a") == "wgmma"
    C = marlin.WGMMA_CONFIGS
    assert _chosen(64, 1792, 64, 132) == (C["m64"], 1)
    # one consumer warpgroup, 2 then 3 CTAs per SM, where the grid fills >= 80% of one wave (else m32 / m64)
    assert _chosen(32, 896, 64, 132) == (C["s32x2"], 1)  # 14336x4096: 224 of 264 slots
    assert _chosen(17, 640, 128, 132) == (C["s32x3"], 2)  # 10240x8192: 160 x 2 of 396 (2 per SM: 61%)
    assert _chosen(64, 768, 64, 132) == (C["s64x3"], 2)  # 12288x4096
    assert _chosen(64, 1280, 64, 132) == (C["s64x3"], 1)  # 20480x4096: 320 CTAs
    assert _chosen(40, 512, 128, 132) == (C["s64x2"], 2)  # 8192x8192
    assert _chosen(64, 256, 224, 132) == (C["s64x2"], 4)  # narrow, long K (4096x14336)
    assert _chosen(64, 384, 224, 66) == (C["s64x3"], 2)  # fewer SMs: 96 x 2 of 198 slots
    assert _chosen(32, 1024, 64, 132) == (C["s32x2"], 1)  # 16384x4096: 256 of 264
    assert _chosen(32, 1088, 64, 132) == (C["m32"], 1)  # 272 CTAs: no wave at 2 per SM, 69% at 3
    assert _chosen(64, 2048, 64, 132) == (C["m64"], 1)  # 512 CTAs: no wave
    assert _chosen(64, 3584, 128, 132) == (C["m64"], 1)  # 57344x8192
    assert _chosen(64, 512, 448, 132) == (C["m64d"], 2)  # 8192x28672: below WGMMA_WG1_MAX_WEIGHT only
    assert _chosen(32, 1792, 64, 132) == (C["m32r"], 1)
    assert _chosen(17, 512, 448, 132) == (C["m32r"], 4)
    assert _chosen(16, 1792, 64, 132) == (C["m16"], 1)
    assert _chosen(9, 512, 448, 132) == (C["m16"], 4)
    assert _chosen(100, 1792, 64, 132) == (C["m112"], 1)
    assert _chosen(256, 1792, 64, 132) == (C["big"], 1)
    # one wave of 64-row tiles, K < 128 super-tiles: the K-group tiles (K split in two while 2x the CTAs still fit
    # in one wave and slices keep 32 super-tiles)
    assert _chosen(64, 256, 64, 132) == (C["m32k"], 1)  # (33-64 tokens: two rows of 32-token tiles)
    assert _chosen(128, 256, 64, 132) == (C["m64k"], 1)  # 128 CTAs
    # long K: more rows per CTA, split (4096x14336, 8192x28672)
    assert _chosen(64, 128, 224, 132) == (C["m64k"], 4)  # (s64x2: 32 x 4 CTAs, 48% of a wave)
    assert _chosen(64, 288, 224, 132) == (C["m64d"], 2)  # 4608x14336: 72 CTAs of m64k, over half a wave
    assert _chosen(128, 256, 224, 132) == (C["m128"], 4)  # 64 tiles, 2 CTAs per SM
    assert _chosen(256, 256, 224, 132) == (C["m128"], 2)
    assert _chosen(128, 512, 448, 132) == (C["m128"], 2)
    assert _chosen(256, 512, 448, 132) == (C["big"], 2)
    assert _chosen(512, 256, 64, 132) == (C["m128w"], 1)
    assert _chosen(1024, 384, 64, 132) == (C["m128w"], 1)
    assert _chosen(512, 256, 224, 132) == (C["big"], 2)  # (long K)
    assert _chosen(64, 384, 64, 132) == (C["m64k"], 1)  # (192 CTAs of m32k: no wave)
    assert _chosen(128, 384, 64, 132) == (C["m128k"], 1)  # 192 64-token tiles: 128-token ones
    assert _chosen(256, 256, 64, 132) == (C["m128k"], 1)  # 256 64-token tiles: 128-token ones
    assert _chosen(256, 128, 32, 132) == (C["m64k"], 1)  # 2048x2048: 128 64-token tiles
    assert _chosen(128, 512, 64, 132) == (C["m128k"], 1)  # also on wide layers (8192x4096)
    assert _chosen(100, 384, 64, 66) == (C["m128d"], 1)
    assert _chosen(256, 384, 64, 132) == (C["m128"], 1)  # 192 CTAs: 2 per SM instead
    assert _chosen(1024, 256, 224, 132) == (C["big"], 1)  # 128 CTAs, 1 per SM: no split
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")
    assert marlin.use_wgmma(1, 2, 1, "sm_90a") and not marlin.use_wgmma(1, 2, 1, "sm_89")
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "0")
    assert not marlin.use_wgmma(64, 1792, 64, "sm_90a")
    for M in (1, 33, 64, 65, 128, 129, 256, 1000, 2048):
        for n16, kt in ((256, 64), (1792, 64), (2, 1), (512, 448)):
            cfg, sk = _chosen(M, n16, kt, 132)
            assert cfg in marlin.WGMMA_CONFIGS.values()
            assert sk >= 1 and (sk == 1 or kt // sk >= 4)
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "yes")
    with pytest.raises(ValueError, match="NVFP4_JIT_WGMMA"):
        marlin.use_wgmma(64, 1792, 64, "sm_90a")
    monkeypatch.delenv("NVFP4_JIT_WGMMA")
    for bad in ("64,1,2", "64,1,2,4,x", "100,1,2,4,1", "64,0,2,4,1", "256,1,2,8,1", "64,1,2,2,1,5",  # smem; MINB 5
                "64,1,1,4,1,1,4,3", "64,1,1,2,1,1,4,2", "64,1,1,4,1,1,3,2,2",  # D % KG; D < 2 KG; S % U
                "64,1,1,4,1,1,4,2,1,1",  # 10 values
                "64,1,2,4,1,3,4"):  # 3 CTAs of 201 KiB do not fit an SM
        monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", bad)
        with pytest.raises(ValueError, match="NVFP4_JIT_WGMMA_CONFIG"):
            _chosen(64, 1792, 64, 132)
    monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", "16,1,2,4,1,3,2")  # 3 CTAs per SM (tuning)
    assert _chosen(16, 1792, 64, 132) == ((16, 1, 2, 4, 3, 2), 1)
    monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", "128,1,2,4,2,1")
    assert _chosen(64, 1792, 64, 132) == ((128, 1, 2, 4, 1), 2)
    monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", "64,1,1,4,1,1,4,2")
    assert _chosen(64, 1792, 64, 132) == ((64, 1, 1, 4, 1, 4, 2), 1)
    monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", "64,1,1,4,3,1,4,2,2")
    assert _chosen(64, 1792, 64, 132) == ((64, 1, 1, 4, 1, 4, 2, 2), 3)
    assert dict(marlin.wgmma_spec("sm_90a", "bf16", 16, (64, 1, 1, 4, 1, 4, 2, 2)).params)["U"] == 2
    assert "U" not in dict(marlin.wgmma_spec("sm_90a", "bf16", 16, (64, 1, 1, 4, 1, 4, 2, 1)).params)
    with pytest.raises(ValueError, match="U must divide S"):
        marlin.wgmma_spec("sm_90a", "bf16", 16, (128, 1, 1, 4, 1, 3, 2, 2))
    with pytest.raises(ValueError, match="multiple of KG"):
        marlin.wgmma_spec("sm_90a", "bf16", 16, (64, 1, 1, 6, 1, 4, 4))
    with pytest.raises(ValueError, match="do not fit in the ring"):  # 256 KiB of accumulators, a 164 KiB ring
        marlin.wgmma_spec("sm_90a", "bf16", 16, (256, 2, 2, 4, 1, 1, 2))
    assert all(marlin.wgmma_smem(c, g) <= marlin.WGMMA_MAX_SMEM for c in marlin.WGMMA_CONFIGS.values() for g in (16, 32))
    monkeypatch.delenv("NVFP4_JIT_WGMMA_CONFIG")
    assert {s.params for s in jit.all_specs("sm_90a", ["marlin"]) if dict(s.params)["mode"] == "wgmma"}
    assert not [s for s in jit.all_specs("sm_80", ["marlin"]) if dict(s.params)["mode"] == "wgmma"]


# ----------------------------------------------------------------------------------------------- GPU
def _check_gemm(M, N, K, dtype, fmt, bias, seed=0):
    torch.manual_seed(seed)
    w = _weight(N, K, fmt, "cuda", seed)
    p = marlin.prepare_weight(w)
    x = torch.randn(M, K, device="cuda").to(dtype)
    b = torch.randn(N, device="cuda").to(dtype) if bias else None
    out = torch.full((M, N), float("nan"), device="cuda", dtype=dtype)  # poisoned
    marlin.gemm(x, p, b, out=out)
    torch.cuda.synchronize()
    ref = marlin.reference(x, w, b)
    assert out.shape == (M, N) and out.dtype == dtype
    assert torch.isfinite(out).all()
    rel = ((out.double() - ref).norm() / ref.norm()).item()
    assert rel <= TOL[dtype], f"M={M} N={N} K={K} {dtype} {fmt} bias={bias}: rel {rel:.2e}"
    return rel


def _check_graph_replay(x, p, w, out):
    """Capture gemm into ``out`` in a CUDA graph, poison ``out``, replay, compare with the float64 reference."""
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        marlin.gemm(x, p, out=out)
    out.fill_(float("nan"))
    g.replay()
    torch.cuda.synchronize()
    ref = marlin.reference(x, w)
    assert ((out.double() - ref).norm() / ref.norm()).item() < 1e-2


def _check_capture_needs_eager_call(x, p, w, out):
    """With the split-K buffers cleared: a capture that would have to grow them raises; after one eager call the op
    captures and replays (_check_graph_replay)."""
    g = torch.cuda.CUDAGraph()
    with pytest.raises(RuntimeError, match="workspace"):
        with torch.cuda.graph(g):
            marlin.gemm(x, p, out=out)
    marlin.gemm(x, p, out=out)  # the eager call allocates the buffers
    _check_graph_replay(x, p, w, out)


@pytest.mark.gpu
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("fmt", ["nvfp4", "mxfp4"])
@pytest.mark.parametrize("M", [1, 2, 3, 7, 16, 33, 64, 127, 256, 1024])
def test_gemm_square(M, dtype, fmt):
    _check_gemm(M, 4096, 4096, dtype, fmt, bias=M % 2 == 1)


@pytest.mark.gpu
@pytest.mark.parametrize("N,K", [(6144, 4096), (28672, 4096), (4096, 14336), (8192, 28672), (10240, 8192),
                                 (2048, 8192)])
@pytest.mark.parametrize("M", [1, 12, 16, 32, 64, 256])
def test_gemm_layer_shapes(M, N, K):
    _check_gemm(M, N, K, torch.bfloat16, "nvfp4", bias=False)


@pytest.mark.gpu
@pytest.mark.parametrize("N,K", [(16, 64), (24, 48), (100, 160), (130, 2880), (2880, 2880), (1536, 2048)])
@pytest.mark.parametrize("M", [1, 5, 40])
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_gemm_odd_shapes(M, N, K, dtype):
    fmt = "mxfp4" if K % 32 == 0 and N % 3 == 0 else "nvfp4"
    _check_gemm(M, N, K, dtype, fmt, bias=True)


@pytest.mark.gpu
@pytest.mark.parametrize("M,N,K,fmt,dtype", [(17, 1280, 8192, "mxfp4", torch.float16),
                                             (24, 2048, 8192, "nvfp4", torch.bfloat16),
                                             (32, 1024, 4096, "nvfp4", torch.float16),
                                             (41, 1000, 4160, "nvfp4", torch.bfloat16),  # partial n and m tiles
                                             (64, 768, 4096, "mxfp4", torch.bfloat16)])
def test_gemm_small_narrow_as_rows_of_16(M, N, K, fmt, dtype):
    """17-64 tokens on small narrow layers run the 16-token config in ceil(M / 16) CTA rows (choose_config)."""
    cfg, _ = marlin.choose_config(M, -(-N // 16), -(-K // 64), marlin._num_sms(0))
    assert cfg[0] == 2 and marlin.route(M, -(-N // 16), -(-K // 64), jit.device_arch(0), sms=marlin._num_sms(0)) \
        == "mma.sync"
    _check_gemm(M, N, K, dtype, fmt, bias=M % 2 == 1)


@pytest.mark.gpu
@pytest.mark.parametrize("M,N,K,fmt,dtype", [(48, 1280, 8192, "nvfp4", torch.bfloat16),
                                             (64, 1000, 4160, "mxfp4", torch.float16),  # partial n tiles
                                             (37, 2048, 4096, "nvfp4", torch.float16)])
@pytest.mark.parametrize("kind", ["narrow", "wide"])
def test_gemm_m64_as_two_rows_of_the_32_token_config(M, N, K, fmt, dtype, kind, monkeypatch):
    """33-64 tokens in two CTA rows of CONFIG_M32 (forced; the partial second row) vs the reference."""
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "0")
    cfg = marlin.CONFIG_M32[kind]
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", ",".join(map(str, (*cfg[:5], 1, *cfg[5:]))))
    _check_gemm(M, N, K, dtype, fmt, bias=M % 2 == 1)


def _default_wgmma(M, N, K):
    """(config, split K) of the default dispatch on this SM90a GPU, asserting that it routes to wgmma; None on
    other archs."""
    n16, kt, sms = -(-N // 16), -(-K // 64), marlin._num_sms(0)
    if jit.device_arch(0) != marlin.WGMMA_ARCH:
        return None
    assert marlin.route(M, n16, kt, marlin.WGMMA_ARCH, sms=sms) == "wgmma"
    return marlin.choose_wgmma(M, n16, kt, sms)


@pytest.mark.gpu
@pytest.mark.parametrize("M,N,K,fmt,dtype", [(33, 4096, 1024, "nvfp4", torch.bfloat16),
                                             (64, 3584, 3584, "mxfp4", torch.float16),
                                             (47, 4000, 2112, "nvfp4", torch.float16)])  # partial tiles, odd K
def test_gemm_short_k_narrow_m32k(M, N, K, fmt, dtype, monkeypatch):
    """33-64 tokens on short-K narrow layers: on SM90a the default dispatch takes two rows of "m32k"."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    m32k = marlin.WGMMA_CONFIGS["m32k"]
    if marlin.wgmma_ctas(m32k, M, -(-N // 16)) <= marlin._num_sms(0):  # (132 SMs: all three)
        assert _default_wgmma(M, N, K) in (None, (m32k, 1))
    _check_gemm(M, N, K, dtype, fmt, bias=M % 2 == 1)


@pytest.mark.gpu
@pytest.mark.parametrize("M,N,K,fmt,dtype,name", [(20, 8192, 1024, "nvfp4", torch.bfloat16, "m32k"),
                                                  (32, 6144, 2048, "mxfp4", torch.float16, "m32k"),
                                                  (17, 5000, 1088, "nvfp4", torch.float16, "m32k"),  # partial tiles
                                                  (24, 5120, 3072, "nvfp4", torch.bfloat16, "m32k"),
                                                  (80, 4096, 2048, "nvfp4", torch.bfloat16, "m48k"),
                                                  (65, 4000, 1088, "mxfp4", torch.bfloat16, "m48k")])
def test_gemm_m32k_decode_and_m48k(M, N, K, fmt, dtype, name, monkeypatch):
    """17-32 tokens on 4240-8448-wide K <= 4096 layers (m32k, one row block) and 65-96 tokens on short-K narrow
    ones (m48k, two row blocks): the default dispatch on SM90a, against the reference."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    if marlin._num_sms(0) == 132:  # (the rules' wave bounds; the H100 / H200)
        assert _default_wgmma(M, N, K) in (None, (marlin.WGMMA_CONFIGS[name], 1))
    _check_gemm(M, N, K, dtype, fmt, bias=M % 2 == 1)


@pytest.mark.gpu
@pytest.mark.parametrize("M,N,K,fmt,dtype,name,sk", [(72, 8192, 1024, "nvfp4", torch.bfloat16, "m80k", 1),
                                                     (96, 6144, 2048, "mxfp4", torch.float16, "m96k", 1),
                                                     (105, 5000, 1088, "nvfp4", torch.float16, "m112k", 1),
                                                     (80, 14336, 4096, "nvfp4", torch.bfloat16, "m80", 1),
                                                     (100, 2560, 8192, "nvfp4", torch.bfloat16, "m48k", 1),
                                                     (90, 1280, 8192, "mxfp4", torch.float16, "m32k", 2),
                                                     (120, 768, 4096, "nvfp4", torch.bfloat16, "m32k", 2),
                                                     (150, 4096, 8192, "mxfp4", torch.bfloat16, "m80", 2),
                                                     (160, 28672, 4096, "nvfp4", torch.bfloat16, "b160", 1),
                                                     (200, 14336, 4096, "mxfp4", torch.float16, "b224", 1),
                                                     (150, 10240, 8192, "mxfp4", torch.float16, "b160", 3),
                                                     (200, 4608, 14336, "nvfp4", torch.bfloat16, "b224", 3),
                                                     (96, 10240, 8192, "nvfp4", torch.bfloat16, "b96", 3),
                                                     (200, 8192, 2048, "mxfp4", torch.bfloat16, "m112", 1),
                                                     (70, 4608, 14336, "mxfp4", torch.float16, "b80", 3),
                                                     (40, 28672, 4096, "nvfp4", torch.bfloat16, "m48w", 1),
                                                     (45, 14336, 4096, "nvfp4", torch.float16, "s48x2", 1),
                                                     (40, 8192, 28672, "mxfp4", torch.bfloat16, "m48d", 2),
                                                     (33, 12288, 4096, "nvfp4", torch.bfloat16, "s48x3", 2),
                                                     (40, 4608, 14336, "nvfp4", torch.bfloat16, "m48d", 2)])
def test_gemm_fitted_tiles_and_k_group_fill(M, N, K, fmt, dtype, name, sk, monkeypatch):
    """65-127 tokens on "m128k" / "m128" layers and 129-224 on "m128" ones (token tile fitted to M) and 65-128 on
    narrow K <= 8192 layers (the K-group grid fullest within a wave, 3-4 row blocks): the default dispatch on SM90a,
    against the reference."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    if marlin._num_sms(0) == 132:  # (the rules' wave bounds; the H100 / H200)
        assert _default_wgmma(M, N, K) in (None, (marlin.WGMMA_CONFIGS[name], sk))
    _check_gemm(M, N, K, dtype, fmt, bias=M % 2 == 1)


@pytest.mark.gpu
@pytest.mark.parametrize("M,N,K,fmt,dtype", [(48, 2048, 14336, "nvfp4", torch.bfloat16),
                                             (64, 1280, 8192, "mxfp4", torch.float16),
                                             (57, 1100, 8320, "nvfp4", torch.bfloat16)])  # partial tiles, uneven slices
def test_gemm_long_k_narrow_m64k_split(M, N, K, fmt, dtype, monkeypatch):
    """33-64 tokens on long-K narrow layers: on SM90a the default dispatch takes "m64k" (its 48-token twin at 33-48)
    with split K (m64k_split)."""
    monkeypatch.delenv("NVFP4_JIT_WGMMA", raising=False)
    got = _default_wgmma(M, N, K)
    assert got is None or (got[0] == marlin.WGMMA_CONFIGS["m48k" if M <= 48 else "m64k"] and got[1] > 1)
    _check_gemm(M, N, K, dtype, fmt, bias=M % 2 == 1)


RING_CONFIGS = list(dict.fromkeys([c for c in marlin.CONFIGS if len(c) > 7 and c[7]] + [
    (1, 1, 1, 8, 1, 0, 0, 3), (1, 4, 1, 8, 1, 1, 0, 6), (2, 2, 2, 4, 2, 1, 0, 4), (4, 2, 2, 2, 2, 0, 0, 3),
    (8, 2, 2, 2, 1, 0, 0, 3), (2, 1, 1, 8, 2, 0, 0, 2)]))


@pytest.mark.gpu
@pytest.mark.parametrize("cfg", RING_CONFIGS)
@pytest.mark.parametrize("sk,N,K,fmt,dtype", [(1, 1000, 4096, "nvfp4", torch.bfloat16),
                                              (3, 4096, 4096, "mxfp4", torch.float16),
                                              (4, 200, 192, "nvfp4", torch.bfloat16),  # empty K slices / warps
                                              (1, 130, 2880, "mxfp4", torch.bfloat16),  # K % 64 != 0
                                              (2, 8192, 28672, "nvfp4", torch.float16)])
def test_gemm_ring_configs(cfg, sk, N, K, fmt, dtype, monkeypatch):
    """The cp.async-ring pipeline (cfg[7] stages) vs the float64 reference, with split K, partial n and m tiles."""
    monkeypatch.setenv("NVFP4_JIT_MARLIN_MAX_M", "100000")
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "0")
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", ",".join(map(str, (*cfg[:5], sk, *cfg[5:]))))
    for M in (1, 8 * cfg[0] - 3):
        _check_gemm(M, N, K, dtype, fmt, bias=M == 1, seed=M)


REGISTER_CONFIGS = [c for c in marlin.CONFIGS if len(c) < 8 or not c[7]]


@pytest.mark.gpu
@pytest.mark.parametrize("cfg", REGISTER_CONFIGS)
@pytest.mark.parametrize("sk,N,K,fmt,dtype", [(1, 1000, 4096, "nvfp4", torch.bfloat16),
                                              (3, 4096, 4096, "mxfp4", torch.float16),
                                              (4, 200, 192, "nvfp4", torch.bfloat16),  # empty K slices / warps
                                              (1, 130, 2880, "mxfp4", torch.bfloat16)])  # K % 64 != 0
def test_gemm_register_configs(cfg, sk, N, K, fmt, dtype, monkeypatch):
    """Every shipped register-pipelined config (the rules pick them by M, N, K and occupancy) vs the float64
    reference, with split K, partial n and m tiles."""
    monkeypatch.setenv("NVFP4_JIT_MARLIN_MAX_M", "100000")
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "0")
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", ",".join(map(str, (*cfg[:5], sk, *cfg[5:]))))
    for M in (1, 8 * cfg[0] - 3):
        _check_gemm(M, N, K, dtype, fmt, bias=M == 1, seed=M)


@pytest.mark.gpu
@pytest.mark.parametrize("M", [1, 16, 64, 300])
def test_gemm_paths_agree_and_overwrite_poison(M, monkeypatch):
    """Kernel path and dequant+cuBLAS path both match the reference; 3-D input; output fully written."""
    w = _weight(256, 512, "nvfp4", "cuda")
    p = marlin.prepare_weight(w)
    x = torch.randn(2, M, 512, device="cuda", dtype=torch.bfloat16)
    ref = marlin.reference(x.reshape(-1, 512), w).view(2, M, 256)
    for max_m in ("100000", "0"):  # force kernel / force dequant path
        monkeypatch.setenv("NVFP4_JIT_MARLIN_MAX_M", max_m)
        out = torch.full((2, M, 256), float("nan"), device="cuda", dtype=torch.bfloat16)
        marlin.gemm(x, p, out=out)
        assert torch.isfinite(out).all()
        rel = ((out.double() - ref).norm() / ref.norm()).item()
        assert rel < 1e-2


@pytest.mark.gpu
def test_dequantize_is_exact():
    """K not a multiple of 64 and N not of 16 (the staged stores skip the padding)."""
    for dtype in (torch.float16, torch.bfloat16):
        for fmt, K in (("nvfp4", 336), ("mxfp4", 352)):
            w = _weight(90, K, fmt, "cuda")
            p = marlin.prepare_weight(w)
            d = marlin.dequantize(p, dtype).double() * p.gscale_host
            assert torch.equal(d, w.dequantize(torch.float64).cuda()), (dtype, fmt)


@pytest.mark.gpu
def test_gemm_bad_inputs():
    w = _weight(64, 128, "nvfp4", "cuda")
    p = marlin.prepare_weight(w)
    with pytest.raises(ValueError):
        marlin.gemm(torch.randn(4, 64, device="cuda", dtype=torch.float16), p)  # wrong K
    with pytest.raises(TypeError):
        marlin.gemm(torch.randn(4, 128, device="cuda"), p)  # fp32
    with pytest.raises(ValueError):
        marlin.gemm(torch.randn(4, 128, dtype=torch.float16), p)  # CPU
    with pytest.raises(ValueError):
        marlin.gemm(torch.randn(4, 128, device="cuda", dtype=torch.float16), p,
                    torch.zeros(63, device="cuda", dtype=torch.float16))  # bias shape
    x = torch.randn(4, 128, device="cuda", dtype=torch.float16)
    for bad_out in (torch.empty(4, 63, device="cuda", dtype=torch.float16),  # shape
                    torch.empty(4, 64, device="cuda", dtype=torch.bfloat16),  # dtype
                    torch.empty(64, 4, device="cuda", dtype=torch.float16).t()):  # not contiguous
        with pytest.raises(ValueError, match="out must be"):
            marlin.gemm(x, p, out=bad_out)
    # non-contiguous input is accepted (copied)
    x = torch.randn(128, 4, device="cuda", dtype=torch.float16).t()
    out = marlin.gemm(x, p)
    ref = marlin.reference(x, w)
    assert ((out.double() - ref).norm() / ref.norm()).item() < 2e-3


def _check_deterministic(x, p, w, tol):
    """Five runs of gemm give the same bits, and the result matches the float64 reference within ``tol``."""
    outs = [marlin.gemm(x, p) for _ in range(5)]
    assert all(torch.equal(outs[0], o) for o in outs[1:])
    ref = marlin.reference(x, w)
    assert ((outs[0].double() - ref).norm() / ref.norm()).item() < tol
    return outs[0]


@pytest.mark.gpu
@pytest.mark.parametrize("cfg", ["4,2,1,4,1,3,0", "1,1,1,8,2,5,1,3", "8,2,1,4,1,2,0,1,3"])  # + a cp.async ring
def test_splitk_deterministic(cfg, monkeypatch):
    """The mma.sync kernel's split K adds per-slice partial tiles in K order: the same bits on every run."""
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", cfg)
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "0")
    w = _weight(520, 4096, "mxfp4", "cuda")
    p = marlin.prepare_weight(w)
    x = torch.randn(37, 4096, device="cuda", dtype=torch.float16)
    _check_deterministic(x, p, w, 2e-3)


@pytest.mark.gpu
def test_splitk_buffers_outlive_growth_for_captured_graphs(monkeypatch):
    """A larger split-K GEMM after a capture grows the scratch and counters; the captured graph keeps the old ones
    (they are not freed), so its replay stays correct."""
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", "4,2,1,4,1,3,0")
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "0")
    monkeypatch.setattr(marlin, "_scratches", {})  # (not grown beyond this test's sizes by the tests before it)
    monkeypatch.setattr(marlin, "_plans", {})  # (nor held by launch plans of the tests before it)
    w = _weight(256, 4096, "nvfp4", "cuda")
    p = marlin.prepare_weight(w)
    x = torch.randn(37, 4096, device="cuda", dtype=torch.bfloat16)
    out = torch.empty(37, 256, device="cuda", dtype=torch.bfloat16)
    marlin.gemm(x, p, out=out)
    torch.cuda.synchronize()
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        marlin.gemm(x, p, out=out)
    scratch = marlin._scratches[0]
    w2 = _weight(4096, 4096, "nvfp4", "cuda")
    p2 = marlin.prepare_weight(w2)
    x2 = torch.randn(64, 4096, device="cuda", dtype=torch.bfloat16)
    fill = []
    for _ in range(3):  # the grown buffers, then allocations that could take the old ones' memory
        y2 = marlin.gemm(x2, p2)
        fill.append(torch.full((scratch.numel(),), 7.0, device="cuda"))
    assert marlin._scratches[0] is not scratch
    out.fill_(float("nan"))
    g.replay()
    torch.cuda.synchronize()
    ref = marlin.reference(x, w)
    assert ((out.double() - ref).norm() / ref.norm()).item() < 1e-2
    assert ((y2.double() - marlin.reference(x2, w2)).norm() / marlin.reference(x2, w2).norm()).item() < 1e-2
    assert all(bool((f == 7.0).all()) for f in fill)


@pytest.mark.gpu
def test_splitk_workspace_must_exist_before_graph_capture(monkeypatch):
    """Split K (few CTAs, 33+ tokens) needs the fp32 workspace; growing it inside a capture is a clear error, and
    after one eager call the op captures and replays correctly."""
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "0")
    marlin._workspaces.clear()
    w = _weight(3072, 4096, "nvfp4", "cuda")  # (no rows of 16 / 32 tokens fit a wave: RING_M64, split K)
    p = marlin.prepare_weight(w)
    x = torch.randn(64, 4096, device="cuda", dtype=torch.bfloat16)
    assert marlin.choose_config(64, p.n16, p.kt, marlin._num_sms(0))[1] > 1
    out = torch.empty(64, 3072, device="cuda", dtype=torch.bfloat16)
    s = torch.cuda.Stream()
    with torch.cuda.stream(s):
        marlin.gemm(x, p, out=out)  # compile + load the kernel outside the capture
    torch.cuda.synchronize()
    marlin._workspaces.clear()
    marlin._scratches.clear()
    marlin._plans.clear()  # (as if this shape's first call were the captured one)
    _check_capture_needs_eager_call(x, p, w, out)


@pytest.mark.gpu
@pytest.mark.skipif(torch.cuda.device_count() < 2, reason="needs two GPUs")
def test_gemm_and_moe_on_second_gpu():
    """Kernels load per device and launch on the tensor's device and its current stream (cuda:1 too)."""
    from nvfp4_jit import moe

    for dev in ("cuda:1", "cuda:0", "cuda:1"):
        w = _weight(512, 1024, "nvfp4", dev)
        p = marlin.prepare_weight(w)
        x = torch.randn(5, 1024, device=dev, dtype=torch.bfloat16)
        out = marlin.gemm(x, p)
        assert out.device == torch.device(dev)
        ref = marlin.reference(x, w)
        assert ((out.double() - ref).norm() / ref.norm()).item() < 1e-2
    w13 = [_weight(256, 512, "nvfp4", "cuda:1", s) for s in range(4)]
    w2 = [_weight(512, 128, "nvfp4", "cuda:1", 10 + s) for s in range(4)]
    x = torch.randn(3, 512, device="cuda:1", dtype=torch.bfloat16)
    tw, ti = torch.topk(torch.randn(3, 4, device="cuda:1").softmax(-1), 2)
    y = moe.fused_moe(x, moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2), tw, ti)
    ref = moe.reference(x, w13, w2, tw, ti)
    assert y.device == torch.device("cuda:1")
    assert ((y.double() - ref).norm() / ref.norm()).item() < 2e-2


# ------------------------------------------------------------------------------------------ SM90a wgmma
sm90a = pytest.mark.sm90a  # skipped unless cuda:0 is SM90a (tests/conftest.py)


@pytest.mark.gpu
@sm90a
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("fmt", ["nvfp4", "mxfp4"])
@pytest.mark.parametrize("M", [1, 7, 33, 64, 100, 128, 200, 256, 300, 1024])
def test_wgmma_square(M, dtype, fmt, monkeypatch):
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")  # every M through the wgmma kernel
    _check_gemm(M, 4096, 4096, dtype, fmt, bias=M % 2 == 1)


@pytest.mark.gpu
@sm90a
@pytest.mark.parametrize("N,K", [(16, 64), (24, 48), (100, 160), (130, 2880), (2880, 2880), (1000, 2048),
                                 (28672, 4096)])
@pytest.mark.parametrize("M", [5, 40, 129])
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_wgmma_odd_shapes(M, N, K, dtype, monkeypatch):
    """K not a multiple of 64 (x columns past K read as zeros), N not a multiple of 256 (tiles past N16)."""
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")
    fmt = "mxfp4" if K % 32 == 0 and N % 3 == 0 else "nvfp4"
    _check_gemm(M, N, K, dtype, fmt, bias=True)


@pytest.mark.gpu
@sm90a
@pytest.mark.parametrize("cfg", list(dict.fromkeys([*marlin.WGMMA_CONFIGS.values(), (64, 1, 2, 3, 2, 2),
                                                    (128, 1, 1, 2, 1, 4), (256, 1, 2, 3, 1, 2),  # + S > 1
                                                    (64, 1, 1, 4, 1, 4, 2, 2), (64, 1, 2, 4, 1, 4, 1, 2),
                                                    (128, 1, 1, 4, 1, 2, 2, 2)])))  # + U = 2 (batches of 2)
@pytest.mark.parametrize("sk,K", [(1, 4096), (3, 4096), (8, 4096), (4, 192), (2, 448)])  # (4, 192): an empty K
# slice; (2, 448): 7 super-tiles, slices of 4 and 3 (a partial last stage when S > 1, a partial last batch of U)
def test_wgmma_configs_and_split_k(cfg, sk, K, monkeypatch):
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")
    monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", ",".join(map(str, (*cfg[:4], sk, *cfg[4:]))))
    for M in (3, 150):
        _check_gemm(M, 520, K, torch.bfloat16, "nvfp4", bias=M == 3)


@pytest.mark.gpu
@sm90a
@pytest.mark.parametrize("cfg", ["256,1,2,3,1,1,2", "128,1,1,3,1,2,2", "64,1,2,4,2,1,4", "128,1,1,4,2,1,3,2"])
def test_wgmma_staged_and_direct_epilogues_agree(cfg, monkeypatch):
    """The dense wgmma tile leaves through shared memory (16-byte stores) where N % 8 == 0 and out is 16-byte
    aligned, else by 2-byte stores: the same rounding, so the same bits. An out at an odd element offset takes the
    direct path; each path against the float64 reference (poisoned outputs, a partial token block, bias)."""
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")
    monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", cfg)
    M, N, K = 200, 1032, 1024  # (1032: a partial column block and n16 tile past N)
    w = _weight(N, K, "nvfp4", "cuda", 3)
    p = marlin.prepare_weight(w)
    x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
    b = torch.randn(N, device="cuda").to(torch.bfloat16)
    staged = torch.full((M, N), float("nan"), device="cuda", dtype=torch.bfloat16)
    direct = torch.full((M * N + 1,), float("nan"), device="cuda", dtype=torch.bfloat16)[1:].view(M, N)
    assert staged.data_ptr() % 16 == 0 and direct.data_ptr() % 16 != 0
    marlin.gemm(x, p, b, out=staged)
    marlin.gemm(x, p, b, out=direct)
    ref = marlin.reference(x, w, b)
    for out in (staged, direct):
        assert torch.isfinite(out).all()
        assert ((out.double() - ref).norm() / ref.norm()).item() <= TOL[torch.bfloat16]
    assert torch.equal(staged, direct)


@pytest.mark.gpu
@sm90a
def test_wgmma_split_k_deterministic_and_captured(monkeypatch):
    """Split K meets in per-slice partial tiles summed in K order by whichever CTA is last: the same bits on every
    run; the scratch must exist before a CUDA-graph capture, after which the op captures and replays."""
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")
    cfg = marlin.WGMMA_CONFIGS["m64k"]
    monkeypatch.setenv("NVFP4_JIT_WGMMA_CONFIG", ",".join(map(str, (*cfg[:4], 3, *cfg[4:]))))
    w = _weight(520, 4096, "nvfp4", "cuda")
    p = marlin.prepare_weight(w)
    x = torch.randn(100, 4096, device="cuda", dtype=torch.bfloat16)
    first = _check_deterministic(x, p, w, 1e-2)
    out = torch.empty(100, 520, device="cuda", dtype=torch.bfloat16)
    torch.cuda.synchronize()
    marlin._scratches.clear()
    marlin._plans.clear()
    _check_capture_needs_eager_call(x, p, w, out)
    assert torch.equal(out, first)


@pytest.mark.gpu
@sm90a
def test_wgmma_default_dispatch_in_cuda_graph():
    """The default rule sends 64 tokens on a wide layer to the wgmma kernel; it captures and replays."""
    w = _weight(16384, 1024, "nvfp4", "cuda")
    p = marlin.prepare_weight(w)
    assert marlin.use_wgmma(64, p.n16, p.kt, "sm_90a")
    x = torch.randn(64, 1024, device="cuda", dtype=torch.bfloat16)
    out = torch.empty(64, 16384, device="cuda", dtype=torch.bfloat16)
    marlin.gemm(x, p, out=out)  # load the kernel (and any split-K workspace) outside the capture
    torch.cuda.synchronize()
    _check_graph_replay(x, p, w, out)


@pytest.mark.gpu
@sm90a
@pytest.mark.parametrize("N,K,fmt", [(28672, 4096, "nvfp4"), (1040, 4160, "nvfp4"), (130, 2880, "mxfp4")])
def test_wgmma_tensor_maps_match_bulk_copies(N, K, fmt, monkeypatch):
    """The stages' weights and scales by tensor-map copies (the default) or by per-warp bulk copies: the same bits
    (only the copies differ; rows past N16 and super-tiles past KT arrive as zeros), poisoned outputs."""
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")
    w = _weight(N, K, fmt, "cuda")
    p = marlin.prepare_weight(w)
    for M in (64, 200):
        x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
        outs = []
        for env in ("1", "0"):
            monkeypatch.setenv("NVFP4_JIT_WGMMA_TMAP", env)
            outs.append(torch.full((M, N), float("nan"), device="cuda", dtype=torch.bfloat16))
            marlin.gemm(x, p, out=outs[-1])
        assert any(k[0] == p.wq.data_ptr() for k in marlin._tmaps)  # the first call made the weight's maps
        torch.cuda.synchronize()
        assert torch.equal(outs[0], outs[1]) and torch.isfinite(outs[0]).all()
        ref = marlin.reference(x, w)
        assert ((outs[0].double() - ref).norm() / ref.norm()).item() < 1e-2


@pytest.mark.gpu
@sm90a
def test_wgmma_first_call_in_capture_runs_without_tensor_maps(monkeypatch):
    """A weight's tensor maps are made on its first call; a first call inside a CUDA-graph capture cannot copy them
    to the device, so it captures the kernel without them (same bits)."""
    monkeypatch.setenv("NVFP4_JIT_WGMMA", "1")
    monkeypatch.delenv("NVFP4_JIT_WGMMA_TMAP", raising=False)
    w = _weight(1040, 4096, "nvfp4", "cuda")
    x = torch.randn(100, 4096, device="cuda", dtype=torch.bfloat16)
    first = marlin.gemm(x, marlin.prepare_weight(w))  # plan and buffers for this shape, outside the capture
    p = marlin.prepare_weight(w)  # a fresh weight: no maps yet
    out = torch.empty(100, 1040, device="cuda", dtype=torch.bfloat16)
    torch.cuda.synchronize()
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        marlin.gemm(x, p, out=out)
    assert not any(k[0] == p.wq.data_ptr() for k in marlin._tmaps)
    out.fill_(float("nan"))
    g.replay()
    torch.cuda.synchronize()
    assert torch.equal(out, first)


@pytest.mark.gpu
def test_ring_config_with_unaligned_scales_falls_back(monkeypatch):
    """cp.async needs 16-byte aligned sources: a prepared weight whose scale tensor is an unaligned view runs the
    register pipeline instead (same result)."""
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", "1,2,2,4,2,1,1,0,4")
    w = _weight(256, 512, "nvfp4", "cuda")
    p = marlin.prepare_weight(w)
    buf = torch.empty(p.sc.numel() + 2, dtype=torch.uint8, device="cuda")
    p.sc = buf[2:].copy_(p.sc)
    assert p.sc.data_ptr() % 16
    x = torch.randn(3, 512, device="cuda", dtype=torch.bfloat16)
    out = torch.full((3, 256), float("nan"), device="cuda", dtype=torch.bfloat16)
    marlin.gemm(x, p, out=out)
    ref = marlin.reference(x, w)
    assert ((out.double() - ref).norm() / ref.norm()).item() < 1e-2


def test_pdl_waits_for_a_weights_first_launch():
    """A dense GEMM launched with PDL reads its weights before waiting for the kernel before it, so a weight's first
    launch, and the first after an in-place write to its tensors, go without PDL (marlin._settled)."""
    p = marlin.prepare_weight(_weight(32, 128, "nvfp4"))
    assert not marlin._settled(p)
    assert marlin._settled(p)
    q = marlin.PreparedWeight(p.wq, p.sc, p.gscale, p.gscale_host, p.n, p.k, p.fmt, p.group)  # same tensors
    assert marlin._settled(q)
    p.sc.add_(0)  # written in place
    assert not marlin._settled(p) and marlin._settled(p)
    key = id(p.wq)
    del p, q
    assert key not in marlin._launched  # forgotten with the tensor
    spec = dict(marlin.gemm_spec("sm_90a", "bf16", 16, marlin.RING_M16_WIDE).params)
    assert spec.get("chain") == marlin.DENSE_PDL_SIGNAL and "chain" not in dict(marlin.gemm_spec("sm_80", "bf16", 16,
                                                                            marlin.RING_M16_WIDE).params)


@pytest.mark.gpu
@pytest.mark.parametrize("cfg", [None, (1, 2, 1, 4, 2, 2), (2, 2, 1, 8, 1, 2, 0, 0, 3)])
@pytest.mark.parametrize("M", [1, 9, 16])
def test_gemm_pdl_chain_same_bits(cfg, M, monkeypatch):
    """Dense GEMMs launched with programmatic dependent launch (SM90+; elsewhere both runs launch normally) give the
    same bits as normal launches, eagerly and in a CUDA graph, in a chain where each GEMM reads the previous one's
    output and overwrites the input of the one before it (ping-pong buffers: an x read or an out write before the
    wait would show); default, split-K register and split-K ring configs."""
    if cfg is not None:
        monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", ",".join(map(str, cfg)))
    ws = [_weight(2048, 2048, "nvfp4", "cuda", seed) for seed in (1, 2)]
    ps = [marlin.prepare_weight(w) for w in ws]
    x = torch.randn(M, 2048, device="cuda", dtype=torch.bfloat16)
    bufs = [torch.empty_like(x), torch.empty_like(x)]

    def chain():
        bufs[0].copy_(x)
        for i in range(6):
            marlin.gemm(bufs[i % 2], ps[i % 2], out=bufs[(i + 1) % 2])
        return bufs[0]

    monkeypatch.setenv("NVFP4_JIT_PDL", "0")
    want = chain().clone()
    ref = marlin.reference(x, ws[0])
    one = marlin.gemm(x, ps[0])
    assert ((one.double() - ref).norm() / ref.norm()).item() <= TOL[torch.bfloat16]
    monkeypatch.setenv("NVFP4_JIT_PDL", "1")
    n0 = jit.stats["pdl_launches"]
    for _ in range(3):  # the first launches of each weight go without PDL, the later ones with it
        assert torch.equal(chain(), want)
    if jit.arch_sm(jit.device_arch(0)) >= 90:
        assert jit.stats["pdl_launches"] - n0 >= 10  # GEMMs 1..5 of the second and third chains
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        chain()
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        got = chain()
    for _ in range(5):
        bufs[1].fill_(float("nan"))
        got.fill_(float("nan"))
        g.replay()
        torch.cuda.synchronize()
        assert torch.equal(got, want)


def _act_ref(x, w, act, inter):
    y = marlin.reference(x, w)  # float64 [M, 2I] of [gate; up]
    g = y[:, :inter]
    a = torch.nn.functional.silu(g) if act == "silu" else torch.nn.functional.gelu(g, approximate="tanh")
    return a * y[:, inter:]


@pytest.mark.gpu
@pytest.mark.parametrize("act", ["silu", "gelu"])
@pytest.mark.parametrize("inter,K,fmt,dtype", [(14336, 4096, "nvfp4", torch.bfloat16),
                                               (1024, 2880, "mxfp4", torch.float16),  # K % 64 != 0
                                               (48, 208, "nvfp4", torch.bfloat16),  # small, K % 64 != 0
                                               (1536, 1024, "nvfp4", torch.float16)])  # (33-64: CONFIG_M32 wide rows)
def test_gemm_fused_gated_activation(act, inter, K, fmt, dtype):
    """gemm(x, w, act=...) with a [gate; up] weight prepared with gate_up=True: act(x @ gate^T) * (x @ up^T) vs
    the float64 reference, on every path (mma.sync with the fused epilogue up to 32 tokens, then wgmma / dequantize
    + cuBLAS followed by the one-pass "gated" kernel); poisoned outputs."""
    w = _weight(2 * inter, K, fmt, "cuda", 3)
    p = marlin.prepare_weight(w, gate_up=True)
    assert p.gate_up and p.n == 2 * inter
    for M in (1, 5, 16, 24, 33, 64, 300):  # (24-64: CTA rows of the 16- / 32-token tiles, rows_config)
        x = torch.randn(M, K, device="cuda").to(dtype)
        out = torch.full((M, inter), float("nan"), device="cuda", dtype=dtype)
        marlin.gemm(x, p, out=out, act=act)
        ref = _act_ref(x, w, act, inter)
        rel = ((out.double() - ref).norm() / ref.norm()).item()
        assert torch.isfinite(out).all() and rel <= TOL[dtype], f"M={M} {act} {fmt}: rel {rel:.2e}"


def test_gated_kernels_registered():
    """The activation kernel of gemm(act=...) off the mma.sync kernel ships for every arch and dtype."""
    from nvfp4_jit import jit

    jit.families()
    for arch in ("sm_75", "sm_80", "sm_90a"):
        specs = set(jit._REGISTRY["marlin"](arch))
        assert all(marlin.gated_spec(arch, dt, act) in specs for dt in ("f16", "bf16") for act in marlin.ACTIVATIONS)


@pytest.mark.gpu
def test_gemm_fused_activation_bad_inputs_and_chain(monkeypatch):
    """Clear errors for act without a gate_up weight, with a bias, an unknown act or a wrong out shape; the down
    projection after the fused gate_up GEMM is launched with PDL (SM90+) and gives the same bits."""
    w = _weight(512, 256, "nvfp4", "cuda", 4)
    p, pg = marlin.prepare_weight(w), marlin.prepare_weight(w, gate_up=True)
    x = torch.randn(3, 256, device="cuda", dtype=torch.bfloat16)
    with pytest.raises(ValueError, match="gate_up"):
        marlin.gemm(x, p, act="silu")
    with pytest.raises(ValueError, match="bias"):
        marlin.gemm(x, pg, torch.zeros(512, device="cuda", dtype=torch.bfloat16), act="silu")
    with pytest.raises(ValueError, match="act must be"):
        marlin.gemm(x, pg, act="relu")
    with pytest.raises(ValueError, match="out must be"):
        marlin.gemm(x, pg, out=torch.empty(3, 512, device="cuda", dtype=torch.bfloat16), act="silu")
    with pytest.raises(ValueError, match="I % 16"):
        marlin.prepare_weight(_weight(48, 256, "nvfp4", "cuda", 4), gate_up=True)
    down = marlin.prepare_weight(_weight(256, 256, "nvfp4", "cuda", 5))

    def mlp():
        return marlin.gemm(marlin.gemm(x, pg, act="silu"), down)

    monkeypatch.setenv("NVFP4_JIT_PDL", "0")
    want = mlp()
    monkeypatch.setenv("NVFP4_JIT_PDL", "1")
    mlp()  # (first launches)
    n0 = jit.stats["pdl_launches"]
    assert torch.equal(mlp(), want)
    if jit.arch_sm(jit.device_arch(0)) >= 90:
        assert jit.stats["pdl_launches"] == n0 + 1
