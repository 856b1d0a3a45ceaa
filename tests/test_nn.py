"""nvfp4_jit.nn: NVFP4Linear / NVFP4MoE, quantize_model_, save_quantized / load_quantized.

CPU: layouts round-trip exactly, buffers vs .to()/state_dict, module swapping, checkpoint conventions (save -> load
gives identical dequantized weights), and the error budget of the end-to-end test measured with dequantized weights.
GPU: a small random transformer quantized, saved in both conventions, reloaded, logits vs the bf16 model.

End-to-end tolerances, ||logits - logits_bf16|| / ||logits_bf16||: measured on CPU with the dequantized weights
(float32 activations, 3 seeds, nn.Linear's default init): NVFP4 W4A16 0.127, MXFP4 W4A16 0.173, NVFP4 W4A4 (native,
per-tensor dynamic activation scales) 0.176. Stated tolerances: 0.15, 0.20, 0.21 (``E2E_TOL``); the kernels must
also match that CPU emulation of the same quantized model within 3e-2 (W4A16) / 6e-2 (W4A4).
"""
import copy

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from nvfp4_jit import dispatch
from nvfp4_jit import nn as qnn
from nvfp4_jit.numerics import NVFP4Weight, dequantize_nvfp4, quantize_nvfp4

E2E_TOL = {("nvfp4", "marlin"): 0.15, ("mxfp4", "marlin"): 0.20, ("nvfp4", "native"): 0.21}
EMU_TOL = {"marlin": 3e-2, "native": 6e-2}
gpu = pytest.mark.gpu  # skipped without a GPU by conftest.py


@pytest.fixture(autouse=True)
def _auto_backend(monkeypatch):
    monkeypatch.delenv(dispatch.ENV, raising=False)


class Block(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.norm = nn.LayerNorm(h)
        self.up = nn.Linear(h, 4 * h)
        self.down = nn.Linear(4 * h, h)
        self.proj = nn.Linear(h, h, bias=False)

    def forward(self, x):
        x = x + self.down(F.gelu(self.up(self.norm(x))))
        return x + self.proj(self.norm(x))


class TinyLM(nn.Module):
    """Embedding, 2 attention-free blocks (MLP + a projection), final norm, lm_head: 7 linear layers, hidden 256."""

    def __init__(self, vocab=512, h=256, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, h)
        self.blocks = nn.ModuleList(Block(h) for _ in range(layers))
        self.norm = nn.LayerNorm(h)
        self.lm_head = nn.Linear(h, vocab, bias=False)

    def forward(self, ids):
        x = self.embed(ids)
        for b in self.blocks:
            x = b(x)
        return self.lm_head(self.norm(x))


LINEARS = ["blocks.0.up", "blocks.0.down", "blocks.0.proj", "blocks.1.up", "blocks.1.down", "blocks.1.proj",
           "lm_head"]


def _rel(a, b):
    return ((a.double() - b.double()).norm() / b.double().norm()).item()


def _emulated(qmodel: nn.Module, w4a4: bool = False) -> nn.Module:
    """A float32 copy of qmodel whose NVFP4Linear layers are nn.Linear with the dequantized FP4 weights (and, w4a4,
    inputs NVFP4-quantized per tensor by the reference numerics): what the kernels compute."""
    emu = copy.deepcopy(qmodel)
    for name, mod in list(emu.named_modules()):
        if isinstance(mod, qnn.NVFP4Linear):
            lin = nn.Linear(mod.in_features, mod.out_features, bias=mod.bias is not None, device=mod.wq.device)
            with torch.no_grad():
                lin.weight.copy_(mod.nvfp4_weight().dequantize(torch.float32))
                if mod.bias is not None:
                    lin.bias.copy_(mod.bias)
            if w4a4:
                lin.register_forward_pre_hook(lambda m, a: (dequantize_nvfp4(*quantize_nvfp4(a[0]), torch.float32),))
            qnn._replace(emu, name, lin)
    return emu.float()


def _assert_same_weight(got: NVFP4Weight, want: NVFP4Weight, reciprocal: bool = False):
    """Identical codes and block scales; identical global scale, or (compressed-tensors, which stores 1/gs in
    float32) within the two roundings of 1/(1/gs)."""
    assert got.fmt == want.fmt
    assert torch.equal(got.packed, want.packed)
    assert torch.equal(got.scales.view(torch.uint8), want.scales.view(torch.uint8))
    if not reciprocal or want.global_scale is None:
        assert torch.equal(got.dequantize(), want.dequantize())
    else:
        assert abs(got.global_scale.item() / want.global_scale.item() - 1) <= 2.5e-7
        torch.testing.assert_close(got.dequantize(), want.dequantize(), rtol=2.5e-7, atol=0)


def _linear_weights(model):
    return {n: m.nvfp4_weight() for n, m in model.named_modules() if isinstance(m, qnn.NVFP4Linear)}


# ------------------------------------------------------------------------------------------------ CPU: layers
@pytest.mark.parametrize("layout,fmt", [("marlin", "nvfp4"), ("marlin", "mxfp4"), ("native", "nvfp4")])
def test_linear_layout_round_trip(layout, fmt):
    torch.manual_seed(0)
    lin = nn.Linear(96, 48)
    m = qnn.NVFP4Linear.from_linear(lin, fmt=fmt, layout=layout)
    ref = NVFP4Weight.quantize(lin.weight.detach(), fmt=fmt)
    assert (m.in_features, m.out_features, m.layout, m.fmt) == (96, 48, layout, fmt)
    got = m.nvfp4_weight()
    assert torch.equal(got.dequantize(), ref.dequantize())
    assert torch.equal(m.bias, lin.bias.detach())
    if fmt == "nvfp4":  # re-lay out to the other backend and back: exact
        other = "native" if layout == "marlin" else "marlin"
        m.relayout(other)
        assert m.layout == other and torch.equal(m.nvfp4_weight().dequantize(), ref.dequantize())
        m.relayout(layout)
        assert torch.equal(m.nvfp4_weight().dequantize(), ref.dequantize())


def test_cpu_layout_default_and_env(monkeypatch):
    lin = nn.Linear(64, 32)
    assert qnn.NVFP4Linear.from_linear(lin).layout == "marlin"
    monkeypatch.setenv(dispatch.ENV, "native")
    assert qnn.NVFP4Linear.from_linear(lin).layout == "native"
    assert qnn.NVFP4Linear.from_linear(nn.Linear(48, 32)).layout == "marlin"  # K % 32 != 0: marlin
    assert qnn.NVFP4Linear.from_linear(lin, fmt="mxfp4").layout == "marlin"  # native runs NVFP4 only


def test_buffers_to_and_state_dict():
    torch.manual_seed(0)
    m = qnn.NVFP4Linear.from_modelopt(
        {**NVFP4Weight.quantize(torch.randn(32, 64)).to_modelopt(), "input_scale": torch.tensor([0.5])},
        bias=torch.randn(32))
    sd = m.state_dict()
    assert set(sd) == {"wq", "sc", "gscale", "input_scale", "bias"}
    want = m.nvfp4_weight().dequantize()
    m.to(torch.bfloat16)  # a dtype cast converts the bias only
    assert m.bias.dtype == torch.bfloat16
    assert (m.wq.dtype, m.sc.dtype, m.gscale.dtype, m.input_scale.dtype) == (
        torch.uint8, torch.uint8, torch.float32, torch.float32)
    m.half()
    assert torch.equal(m.nvfp4_weight().dequantize(), want)
    assert m.nvfp4_weight().input_scale.item() == 0.5
    # a state_dict loads into a layer of the same shape (gscale_host follows the loaded gscale)
    other = qnn.NVFP4Linear.from_linear(nn.Linear(64, 32))
    other.register_buffer("input_scale", torch.zeros(1))
    other.load_state_dict(sd)
    assert other.gscale_host == m.gscale_host
    assert torch.equal(other.nvfp4_weight().dequantize(), want)
    assert m.to("meta").wq.device.type == "meta"


def test_quantize_model_swaps_and_skips():
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Sequential(nn.Linear(64, 40), nn.Linear(40, 8)),
                          nn.Linear(8, 64))
    model.head = nn.Linear(64, 10)
    names = qnn.quantize_model_(model, skip=("head",))
    assert names == ["0", "2.0"]  # 2.1 (K=40) and 3 (K=8) are not multiples of 16; head skipped
    assert isinstance(model[0], qnn.NVFP4Linear) and isinstance(model[2][0], qnn.NVFP4Linear)
    assert type(model[2][1]) is nn.Linear and type(model.head) is nn.Linear
    model2 = nn.Sequential(nn.Linear(64, 64), nn.Linear(64, 64))
    assert qnn.quantize_model_(model2, fmt="mxfp4", skip=lambda n, m: n == "1") == ["0"]
    assert model2[0].fmt == "mxfp4"
    with pytest.raises(ValueError, match="fmt"):
        qnn.quantize_model_(model2, fmt="int4")


# ------------------------------------------------------------------------------------------ CPU: checkpoints
@pytest.mark.parametrize("convention,fmt", [("modelopt", "nvfp4"), ("compressed-tensors", "nvfp4"),
                                            ("compressed-tensors", "mxfp4")])
def test_save_load_round_trip(tmp_path, convention, fmt):
    torch.manual_seed(0)
    model = TinyLM()
    assert qnn.quantize_model_(model, fmt=fmt) == LINEARS
    path = tmp_path / "model.safetensors"
    qnn.save_quantized(model, path, convention=convention)

    from safetensors import safe_open
    with safe_open(str(path), "pt") as f:
        keys = set(f.keys())
        assert f.metadata()["nvfp4_jit.convention"] == convention
    want = {"modelopt": {"weight", "weight_scale", "weight_scale_2"},
            "compressed-tensors": {"weight_packed", "weight_scale"} | ({"weight_global_scale"} if fmt == "nvfp4"
                                                                        else set())}[convention]
    assert {k.rsplit(".", 1)[1] for k in keys if k.startswith("lm_head.")} == want
    assert "blocks.0.up.bias" in keys and "embed.weight" in keys and not any(".wq" in k for k in keys)
    for name in LINEARS:
        assert qnn.detect_convention({k: torch.zeros(1, dtype=torch.uint8) for k in keys}, name) in (
            convention, None)  # dtype-blind check of the key sets

    fresh = TinyLM()  # other random weights: everything must come from the checkpoint
    assert qnn.load_quantized(fresh, path, device="cpu", strict=True) == LINEARS
    for name, w in _linear_weights(model).items():
        _assert_same_weight(fresh.get_submodule(name).nvfp4_weight(), w, convention == "compressed-tensors")
    for k, v in model.state_dict().items():
        if not k.endswith(("gscale", "input_scale")):
            assert torch.equal(fresh.state_dict()[k], v), k
    ids = torch.randint(0, 512, (2, 8))
    torch.testing.assert_close(_emulated(fresh)(ids), _emulated(model)(ids), rtol=1e-6, atol=1e-6)


def test_load_into_meta_model(tmp_path):
    torch.manual_seed(0)
    model = TinyLM()
    qnn.quantize_model_(model)
    qnn.save_quantized(model, tmp_path / "m.safetensors")
    with torch.device("meta"):
        fresh = TinyLM()
    assert qnn.load_quantized(fresh, tmp_path / "m.safetensors", device="cpu", strict=True) == LINEARS
    assert not any(t.is_meta for t in (*fresh.parameters(), *fresh.buffers()))
    ids = torch.randint(0, 512, (2, 8))
    assert torch.equal(_emulated(fresh)(ids), _emulated(model)(ids))


def test_load_from_dict_and_detection():
    w = NVFP4Weight.quantize(torch.randn(32, 64))
    mo = {f"lin.{k}": v for k, v in w.to_modelopt().items()}
    ct = {f"lin.{k}": v for k, v in w.to_compressed_tensors().items()}
    assert qnn.detect_convention(mo, "lin") == "modelopt"
    assert qnn.detect_convention(ct, "lin") == "compressed-tensors"
    assert qnn.detect_convention({"lin.weight": torch.randn(32, 64)}, "lin") is None  # a bf16 layer
    for sd in (mo, ct):
        model = nn.Module()
        model.lin = nn.Linear(64, 32, bias=False)
        assert qnn.load_quantized(model, sd, device="cpu") == ["lin"]
        _assert_same_weight(model.lin.nvfp4_weight(), w, sd is ct)
    model = nn.Module()
    model.lin = nn.Linear(128, 32)
    with pytest.raises(ValueError, match=r"\[32, 64\].*\[32, 128\]"):
        qnn.load_quantized(model, mo, device="cpu")


def test_save_errors_and_tied_weights(tmp_path):
    model = TinyLM()
    model.lm_head.weight = model.embed.weight  # tied, kept in bf16
    qnn.quantize_model_(model, fmt="mxfp4", skip=("lm_head",))
    with pytest.raises(ValueError, match="NVFP4 only"):
        qnn.save_quantized(model, tmp_path / "a.safetensors", convention="modelopt")
    with pytest.raises(ValueError, match="convention"):
        qnn.save_quantized(model, tmp_path / "a.safetensors", convention="gguf")
    qnn.save_quantized(model, tmp_path / "b.safetensors", convention="compressed-tensors")
    fresh = TinyLM()
    assert len(qnn.load_quantized(fresh, tmp_path / "b.safetensors", device="cpu")) == 6
    assert torch.equal(fresh.lm_head.weight, model.embed.weight)


def test_from_compressed_tensors_and_modelopt_ctors():
    w = NVFP4Weight.quantize(torch.randn(32, 64))
    w.input_scale = torch.tensor(0.25)
    a = qnn.NVFP4Linear.from_modelopt(w.to_modelopt(), bias=torch.ones(32))
    b = qnn.NVFP4Linear.from_compressed_tensors(w.to_compressed_tensors())
    for m, ct in ((a, False), (b, True)):
        got = m.nvfp4_weight()
        _assert_same_weight(got, w, ct)
        assert got.input_scale.item() == 0.25
    assert torch.equal(a.bias, torch.ones(32)) and b.bias is None


# ----------------------------------------------------------------------------------------------- CPU: MoE
def test_moe_block_cpu_and_meta():
    E, H, I = 4, 64, 32
    torch.manual_seed(0)
    blk = qnn.NVFP4MoE.from_weights(torch.randn(E, 2 * I, H), torch.randn(E, H, I))
    assert (blk.num_experts, blk.hidden, blk.inter, blk.n13) == (E, H, I, 2 * I)
    assert blk.w13_wq.shape[0] == E and blk.w2_gscale.shape == (E,)
    blk.bfloat16()
    assert blk.w13_gscale.dtype == torch.float32 and blk.w13_wq.dtype == torch.uint8
    blk.to("meta")
    x = torch.empty(5, H, dtype=torch.bfloat16, device="meta")
    tw = torch.empty(5, 2, device="meta")
    ti = torch.empty(5, 2, dtype=torch.int32, device="meta")
    assert blk(x, tw, ti).shape == (5, H)
    with pytest.raises(NotImplementedError):
        m = nn.Module()
        m.moe = blk
        qnn.save_quantized(m, "/nonexistent.safetensors")


# ------------------------------------------------------------------------------------ CPU: the error budget
@pytest.mark.parametrize("fmt,w4a4", [("nvfp4", False), ("mxfp4", False), ("nvfp4", True)])
def test_e2e_error_budget_cpu(fmt, w4a4):
    """The expected quantization error of the GPU end-to-end test, from dequantized weights on CPU."""
    torch.manual_seed(0)
    model = TinyLM()
    ids = torch.randint(0, 512, (4, 32))
    q = copy.deepcopy(model)
    qnn.quantize_model_(q, fmt=fmt)
    with torch.no_grad():
        rel = _rel(_emulated(q, w4a4)(ids), model(ids))
    tol = E2E_TOL[(fmt, "native" if w4a4 else "marlin")]
    assert 0.05 < rel < 0.9 * tol, rel


# ---------------------------------------------------------------------------------------------------- GPU
@gpu
@pytest.mark.parametrize("fmt", ["nvfp4", "mxfp4"])
def test_e2e_quantize_save_reload(tmp_path, fmt):
    torch.manual_seed(0)
    model = TinyLM()
    ids = torch.randint(0, 512, (4, 32), device="cuda")
    ref = model.to("cuda", torch.bfloat16)(ids).float()
    q = copy.deepcopy(model)
    qnn.quantize_model_(q, fmt=fmt)
    layout = q.lm_head.layout
    assert layout == (dispatch.backend(0) if fmt == "nvfp4" else "marlin")
    with torch.no_grad():
        logits = q(ids).float()
        emu = _emulated(q, w4a4=layout == "native")(ids).float()
    assert torch.isfinite(logits).all()
    assert _rel(logits, emu) <= EMU_TOL[layout], _rel(logits, emu)  # the kernels compute the quantized model
    rel = _rel(logits, ref)
    assert rel <= E2E_TOL[(fmt, layout)], f"{fmt} {layout}: rel {rel:.3f} vs bf16"

    conventions = ("modelopt", "compressed-tensors") if fmt == "nvfp4" else ("compressed-tensors",)
    for conv in conventions:
        path = tmp_path / f"{conv}.safetensors"
        qnn.save_quantized(q, path, convention=conv)
        fresh = TinyLM().to("cuda", torch.bfloat16)
        assert qnn.load_quantized(fresh, path, strict=True) == LINEARS
        for name, w in _linear_weights(q).items():
            _assert_same_weight(fresh.get_submodule(name).nvfp4_weight(), w, conv == "compressed-tensors")
        with torch.no_grad():
            again = fresh(ids).float()
        # same weights (compressed-tensors: global scales within 1 ulp, it stores 1/gs), same kernels
        assert _rel(again, logits) <= 1e-2, (conv, _rel(again, logits))


@gpu
def test_linear_moves_between_cpu_and_gpu():
    torch.manual_seed(0)
    lin = nn.Linear(256, 128).to(torch.bfloat16)
    m = qnn.NVFP4Linear.from_linear(lin)  # on CPU: marlin layout
    want = m.nvfp4_weight().dequantize()
    m.cuda()
    assert m.layout == dispatch.backend(0) and m.wq.is_cuda
    assert torch.equal(m.nvfp4_weight().dequantize().cpu(), want)
    x = torch.randn(8, 256, device="cuda", dtype=torch.bfloat16)
    y = m(x)
    ref = x.double() @ want.cuda().t() + m.bias.double()
    assert _rel(y, ref) <= (1e-2 if m.layout == "marlin" else 0.15)  # native: + the activation's FP4 error
    m.cpu()
    assert torch.equal(m.nvfp4_weight().dequantize(), want)


@gpu
def test_linear_eager_call_bypasses_the_op(monkeypatch):
    """NVFP4Linear in eager mode calls marlin.gemm directly (the custom op's dispatch costs host time per call); the
    output is the op's, bit for bit, against the float64 reference with a poisoned out; a tensor that requires grad
    (with grad enabled) still goes through the op."""
    from nvfp4_jit import marlin

    torch.manual_seed(0)
    m = qnn.NVFP4Linear.from_linear(nn.Linear(512, 384).to(torch.bfloat16), layout="marlin").cuda()
    if m.layout != "marlin":
        pytest.skip("native backend on this GPU")
    calls = []
    real_op = torch.ops.nvfp4_jit.gemm
    monkeypatch.setattr(torch.ops.nvfp4_jit, "gemm", lambda *a: calls.append(1) or real_op(*a), raising=False)
    for M in (1, 5, 64):
        x = torch.randn(M, 512, device="cuda", dtype=torch.bfloat16)
        y = m(x)
        assert not calls
        want = real_op(x, m.wq, m.sc, m.gscale, m.gscale_host, 384, 512, 16, m.bias)
        assert torch.equal(y, want)
        ref = x.double() @ m.nvfp4_weight().dequantize(torch.float64).t() + m.bias.double()
        assert _rel(y, ref) <= 1e-2
        out = torch.full_like(y, float("nan"))
        assert torch.equal(marlin.gemm(x, m._marlin(), m.bias, out=out), want)
    x = torch.randn(3, 512, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    y = m(x)
    assert calls == [1] and torch.equal(y.detach(), real_op(x.detach(), m.wq, m.sc, m.gscale, m.gscale_host, 384,
                                                           512, 16, m.bias))


@gpu
def test_moe_block_gpu():
    from nvfp4_jit import moe

    E, H, I, M = 8, 256, 128, 13
    torch.manual_seed(0)
    w13, w2 = torch.randn(E, 2 * I, H) / 16, torch.randn(E, H, I) / 11
    blk = qnn.NVFP4MoE.from_weights(w13, w2).cuda()
    x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
    tw, ti = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), 2)
    y = blk(x, tw, ti.to(torch.int32))  # eager: moe.fused_moe directly, not through the op
    ref = moe.reference(x, [NVFP4Weight.quantize(w) for w in w13], [NVFP4Weight.quantize(w) for w in w2], tw, ti)
    assert _rel(y, ref) <= 2e-2  # test_moe.py's bf16 tolerance
    via_op = torch.ops.nvfp4_jit.moe(x, blk.w13_wq, blk.w13_sc, blk.w13_gscale, blk.w2_wq, blk.w2_sc, blk.w2_gscale,
                                     tw, ti.to(torch.int32), blk.n13, blk.inter, blk.group, blk.activation,
                                     blk.expert_offset, blk.gate_up)
    assert torch.equal(y, via_op)


# ----------------------------------------------------------------------------------- gpt-oss's MXFP4 experts
_E2M1 = torch.tensor([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0],
                     dtype=torch.float64)


def _gpt_oss_checkpoint(E=3, H=64, I=32, seed=0):
    """Random experts in gpt-oss's stored form: blocks [E, N, K/32, 16], E8M0 scales [E, N, K/32], biases, gate_up
    rows alternating gate / up."""
    g = torch.Generator().manual_seed(seed)
    t = {}
    for name, (N, K) in (("gate_up", (2 * I, H)), ("down", (H, I))):
        ws = [NVFP4Weight.quantize(torch.randn(N, K, generator=g) * K ** -0.5, fmt="mxfp4") for _ in range(E)]
        t[name + "_blocks"] = torch.stack([w.packed.view(N, K // 32, 16) for w in ws])
        t[name + "_scales"] = torch.stack([w.scales for w in ws])
        t[name + "_bias"] = torch.randn(E, N, generator=g)
    return t


def _gpt_oss_forward(t, x, topk_weights, topk_ids):
    """float64, in gpt-oss's own terms: decode the blocks (low nibble first, value x 2^(scale - 127)), h = W1 x + b1,
    gate = h[0::2], up = h[1::2], swiglu with alpha 1.702 / limit 7, y = W2 a + b2, weighted by the router."""
    def decode(blocks, scales):
        lo, hi = (blocks & 15).long(), (blocks >> 4).long()
        v = torch.stack([_E2M1[lo], _E2M1[hi]], dim=-1).flatten(-2)  # [E, N, K/32, 32]
        return (v * torch.exp2(scales.double() - 127)[..., None]).flatten(-2)
    w1, w2 = decode(t["gate_up_blocks"], t["gate_up_scales"]), decode(t["down_blocks"], t["down_scales"])
    out = torch.zeros(x.shape, dtype=torch.float64)
    for m in range(x.shape[0]):
        for j, e in enumerate(topk_ids[m].tolist()):
            h = w1[e] @ x[m].double() + t["gate_up_bias"][e].double()
            gate, up = h[0::2].clamp(max=7.0), h[1::2].clamp(-7.0, 7.0)
            a = gate * torch.sigmoid(1.702 * gate) * (up + 1)
            out[m] += topk_weights[m, j].double() * (w2[e] @ a + t["down_bias"][e].double())
    return out


def test_gpt_oss_experts_conventions():
    """CPU: gpt_oss_experts' experts and biases through moe.reference (swigluoai) give gpt-oss's own forward."""
    from nvfp4_jit import moe

    t = _gpt_oss_checkpoint()
    w13, w2, b13, b2 = qnn.gpt_oss_experts(*(t[f"{n}_{f}"] for n in ("gate_up", "down")
                                              for f in ("blocks", "scales", "bias")))
    assert len(w13) == 3 and w13[0].shape == (64, 64) and w2[0].shape == (64, 32) and w13[0].fmt == "mxfp4"
    x = torch.randn(5, 64)
    tw, ti = torch.topk(torch.randn(5, 3).softmax(-1), 2)
    got = moe.reference(x, w13, w2, tw, ti, "swigluoai", 0, b13, b2)
    torch.testing.assert_close(got, _gpt_oss_forward(t, x, tw, ti), rtol=1e-9, atol=1e-9)
    with pytest.raises(ValueError, match="blocks"):
        qnn.gpt_oss_experts(t["gate_up_blocks"].flatten(-2), t["gate_up_scales"], t["gate_up_bias"],
                            t["down_blocks"], t["down_scales"], t["down_bias"])
    with pytest.raises(ValueError, match="odd number of rows"):
        qnn.gpt_oss_experts(t["gate_up_blocks"][:, 1:], t["gate_up_scales"][:, 1:], t["gate_up_bias"][:, 1:],
                            t["down_blocks"], t["down_scales"], t["down_bias"])
    with pytest.raises(ValueError, match="uint8 blocks"):  # (E8M0 scales are bytes, not floats)
        qnn.gpt_oss_experts(t["gate_up_blocks"], t["gate_up_scales"].float(), t["gate_up_bias"],
                            t["down_blocks"], t["down_scales"], t["down_bias"])
    with pytest.raises(ValueError, match="biases"):
        qnn.gpt_oss_experts(t["gate_up_blocks"], t["gate_up_scales"], t["gate_up_bias"][:, :-2],
                            t["down_blocks"], t["down_scales"], t["down_bias"])
    blk = qnn.NVFP4MoE.from_gpt_oss(*(t[f"{n}_{f}"] for n in ("gate_up", "down") for f in ("blocks", "scales", "bias")))
    assert blk.activation == "swigluoai" and blk.w13_bias.dtype == torch.float32 and blk.w2_bias.shape == (3, 64)
    blk.bfloat16()
    assert blk.w13_bias.dtype == torch.float32  # (dtype casts leave the module's buffers alone)


@gpu
@pytest.mark.parametrize("M", [1, 6, 300])
def test_gpt_oss_block_on_gpu(M):
    """NVFP4MoE.from_gpt_oss on the GPU (eager and through the op) against gpt-oss's own float64 forward."""
    t = _gpt_oss_checkpoint(E=8, H=256, I=128, seed=M)
    blk = qnn.NVFP4MoE.from_gpt_oss(*(t[f"{n}_{f}"] for n in ("gate_up", "down") for f in ("blocks", "scales", "bias")),
                                    device="cuda")
    x = torch.randn(M, 256, device="cuda", dtype=torch.bfloat16)
    tw, ti = torch.topk(torch.randn(M, 8, device="cuda").softmax(-1), 4)
    ref = _gpt_oss_forward(t, x.cpu(), tw.cpu(), ti.cpu())
    y = blk(x, tw, ti.to(torch.int32))
    assert _rel(y.cpu(), ref) <= 2e-2  # test_moe.py's bf16 tolerance
    y_op = torch.ops.nvfp4_jit.moe(x, blk.w13_wq, blk.w13_sc, blk.w13_gscale, blk.w2_wq, blk.w2_sc, blk.w2_gscale,
                                   tw, ti.to(torch.int32), blk.n13, blk.inter, blk.group, blk.activation, 0,
                                   blk.gate_up, blk.w13_bias, blk.w2_bias)
    assert torch.equal(y_op, y)
