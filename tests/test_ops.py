"""torch.ops.nvfp4_jit.* (fake impls, opcheck, torch.compile, CUDA graphs) and the native path's scale swizzle.

CPU: registration, fake shapes, opcheck and torch.compile(fullgraph=True) on the meta device (the fake
implementations run; the graph is the one a GPU run compiles), swizzle layout math, the native GEMM's trace.
GPU: opcheck on real tensors, the ops against marlin/quantize directly, a compiled model inside a CUDA graph,
GPU quantize + swizzle; the native FP4 GEMM itself only on Blackwell (SM100+).
"""
import pytest
import torch
from torch import nn

import nvfp4_jit  # noqa: F401  (registers the ops)
from nvfp4_jit import native, ops
from nvfp4_jit.numerics import NVFP4Weight, quantize_nvfp4

gpu = pytest.mark.gpu  # skipped without a GPU by conftest.py


def blackwell(f):
    ok = torch.cuda.is_available() and torch.cuda.get_device_capability()[0] >= 10
    return gpu(pytest.mark.skipif(not ok, reason="the native FP4 GEMM needs SM100+ (Blackwell)")(f))


def _quant(N, K, fmt="nvfp4", seed=0, device="cpu"):
    g = torch.Generator().manual_seed(seed)
    return NVFP4Weight.quantize((torch.randn(N, K, generator=g) * K ** -0.5).to(device), fmt=fmt)


def _gemm_args(x, p, bias=None, device=None):
    mv = (lambda t: t.to(device)) if device else (lambda t: t)
    return (x, mv(p.wq), mv(p.sc), mv(p.gscale), float(p.gscale_host), p.n, p.k, p.group,
            None if bias is None else mv(bias))


# ------------------------------------------------------------------------------------------ CPU: registration
def test_ops_registered_at_import():
    for name in ("gemm", "quantize", "moe"):
        assert hasattr(torch.ops.nvfp4_jit, name)
    s = str(torch.ops.nvfp4_jit.gemm.default._schema)
    assert "float gscale_host, SymInt n, SymInt k, SymInt group, Tensor? bias=None" in s


def test_import_is_cheap():
    import subprocess
    import sys

    code = "import sys, nvfp4_jit, torch; torch.ops.nvfp4_jit.gemm; print('cupy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("fmt", ["nvfp4", "mxfp4"])
@pytest.mark.parametrize("bias", [False, True])
def test_gemm_fake_and_opcheck_meta(fmt, bias):
    from nvfp4_jit import marlin

    p = marlin.prepare_weight(_quant(48, 128, fmt))
    x = torch.empty(3, 5, 128, dtype=torch.bfloat16, device="meta")
    b = torch.zeros(48) if bias else None
    args = _gemm_args(x, p, b, "meta")
    y = torch.ops.nvfp4_jit.gemm(*args)
    assert y.shape == (3, 5, 48) and y.dtype == torch.bfloat16
    torch.library.opcheck(torch.ops.nvfp4_jit.gemm.default, args)
    with pytest.raises(Exception, match="K=64"):
        torch.ops.nvfp4_jit.gemm(torch.empty(2, 64, dtype=torch.float16, device="meta"), *args[1:])


def test_gemm_act_fake_and_opcheck_meta():
    """The fused gated activation halves the output (a [gate; up] weight prepared with gate_up=True)."""
    from nvfp4_jit import marlin

    p = marlin.prepare_weight(_quant(64, 128), gate_up=True)
    x = torch.empty(3, 128, dtype=torch.bfloat16, device="meta")
    args = (*_gemm_args(x, p, None, "meta"), "silu")
    assert torch.ops.nvfp4_jit.gemm(*args).shape == (3, 32)
    torch.library.opcheck(torch.ops.nvfp4_jit.gemm.default, args)
    with pytest.raises(ValueError, match="gate_up"):
        ops.linear(x, marlin.prepare_weight(_quant(64, 128)), act="silu")


@pytest.mark.parametrize("per_token,given", [(False, False), (True, False), (False, True), (True, True)])
def test_quantize_fake_and_opcheck_meta(per_token, given):
    x = torch.empty(2, 3, 64, dtype=torch.float16, device="meta")
    gs = torch.ones(1, device="meta") if given else None
    packed, scales, g = torch.ops.nvfp4_jit.quantize(x, gs, False, per_token)
    assert packed.shape == (2, 3, 32) and packed.dtype == torch.uint8
    assert scales.shape == (2, 3, 4) and scales.dtype == torch.float8_e4m3fn
    assert g.dtype == torch.float32 and g.shape == ((2, 3, 1) if per_token and not given else (1,))
    torch.library.opcheck(torch.ops.nvfp4_jit.quantize.default, (x, gs, True, per_token))


def test_moe_fake_meta():
    E, H, I = 4, 64, 32
    x = torch.empty(5, H, dtype=torch.bfloat16, device="meta")
    m = lambda *s, dt=torch.uint8: torch.empty(*s, dtype=dt, device="meta")  # noqa: E731
    args = (x, m(E, 100), m(E, 10), m(E, dt=torch.float32), m(E, 100), m(E, 10), m(E, dt=torch.float32),
            m(5, 2, dt=torch.float32), m(5, 2, dt=torch.int32), 2 * I, I, 16, "silu", 0)
    y = torch.ops.nvfp4_jit.moe(*args)
    assert y.shape == (5, H) and y.dtype == torch.bfloat16
    torch.library.opcheck(torch.ops.nvfp4_jit.moe.default, args)


def test_moe_weights_refuse_an_unknown_group():
    """The moe op's (and the eager NVFP4MoE's) int metadata: a group size other than 16 / 32 is a clear ValueError."""
    w = torch.zeros(4, 8, dtype=torch.uint8)
    g = torch.ones(4)
    with pytest.raises(ValueError, match="group must be 16"):
        ops._moe_weights(w, w, g, w, w, g, 64, 32, 64, 8)
    w13, w2 = ops._moe_weights(w, w, g, w, w, g, 64, 32, 64, 32, gate_up=True)
    assert (w13.fmt, w13.num_experts, w13.n, w13.k, w13.gate_up) == ("mxfp4", 4, 64, 64, True)
    assert (w2.n, w2.k, w2.group) == (64, 32, 32)


def test_ops_refuse_cpu_tensors():
    from nvfp4_jit import marlin

    p = marlin.prepare_weight(_quant(16, 64))
    with pytest.raises(ValueError, match="CUDA"):
        torch.ops.nvfp4_jit.gemm(*_gemm_args(torch.zeros(1, 64, dtype=torch.float16), p))


# --------------------------------------------------------------------------------------- CPU: scale swizzle
@pytest.mark.parametrize("rows,cols", [(1, 1), (7, 3), (128, 4), (129, 5), (300, 8), (256, 12)])
def test_swizzle_matches_index_formula(rows, cols):
    s = torch.randint(0, 256, (rows, cols), dtype=torch.uint8)
    flat = native.swizzle_scales(s)
    assert flat.numel() == native.blocked_numel(rows, cols)
    r, c = torch.meshgrid(torch.arange(rows), torch.arange(cols), indexing="ij")
    # direct formula: 128x4 tiles, row-tile major; row r = 32 i + j of a tile, column c at j * 16 + i * 4 + c
    tile = (r // 128) * -(-cols // 4) + c // 4
    want = tile * 512 + (r % 128 % 32) * 16 + (r % 128 // 32) * 4 + c % 4
    assert torch.equal(native.blocked_offset(r, c, cols), want)
    assert torch.equal(flat[want.reshape(-1)], s.reshape(-1))
    mask = torch.ones(flat.numel(), dtype=torch.bool)
    mask[want.reshape(-1)] = False
    assert (flat[mask] == 0).all()  # padding is zero
    assert torch.equal(native.unswizzle_scales(flat, rows, cols), s)


def test_swizzle_keeps_fp8_dtype_and_round_trips_weight():
    w = _quant(48, 96)
    nw = native.prepare_weight(w)
    assert nw.scales.dtype == torch.float8_e4m3fn and nw.scales.numel() == 128 * 8
    back = native.to_nvfp4_weight(nw)
    assert torch.equal(back.dequantize(), w.dequantize())


def test_native_shape_limits():
    assert native.check_shape(48, 96) is None
    assert "K % 32" in native.check_shape(48, 80)
    assert "N % 16" in native.check_shape(40, 96)
    assert "NVFP4 only" in native.check_shape(48, 96, "mxfp4")
    with pytest.raises(ValueError, match="K % 32"):
        native.prepare_weight(_quant(48, 80))


@pytest.mark.parametrize("per_token", [False, True])
@pytest.mark.parametrize("static", [False, True])
def test_native_gemm_traces_on_meta(per_token, static):
    """The whole native path (quantize op, swizzle, torch._scaled_mm, global scales) on the meta device."""
    if not hasattr(torch, "float4_e2m1fn_x2"):
        pytest.skip("torch without float4_e2m1fn_x2")
    w = _quant(48, 96)
    w.input_scale = torch.tensor(0.01)
    nw = native.prepare_weight(w, "meta")
    x = torch.empty(2, 5, 96, dtype=torch.float16, device="meta")
    if not static:
        nw.input_scale = None
    y = native.gemm(x, nw, torch.zeros(48, device="meta"), per_token=per_token)
    assert y.shape == (2, 5, 48) and y.dtype == torch.float16


class _Tiny(nn.Module):
    def __init__(self, layout, device="cpu"):
        super().__init__()
        from nvfp4_jit.nn import NVFP4Linear

        torch.manual_seed(0)
        self.up = NVFP4Linear.from_linear(nn.Linear(128, 256).to(device), layout=layout)
        self.down = NVFP4Linear.from_linear(nn.Linear(256, 128, bias=False).to(device), layout=layout)

    def forward(self, x):
        return x + self.down(torch.nn.functional.gelu(self.up(x)))


@pytest.mark.parametrize("layout", ["marlin", "native"])
def test_compile_fullgraph_meta(layout):
    """No graph break: dynamo + AOTAutograd trace the model on the meta device (fake impls only)."""
    import torch._dynamo.testing

    if layout == "native" and not hasattr(torch, "float4_e2m1fn_x2"):
        pytest.skip("torch without float4_e2m1fn_x2")
    torch._dynamo.reset()
    model = _Tiny(layout).to("meta")
    x = torch.empty(4, 128, dtype=torch.bfloat16, device="meta")
    cnt = torch._dynamo.testing.CompileCounter()
    assert torch.compile(model, fullgraph=True, backend=cnt)(x).shape == (4, 128)
    assert cnt.frame_count == 1
    assert torch.compile(model, fullgraph=True, backend="aot_eager")(x).shape == (4, 128)
    ep = torch.export.export(model, (x,))
    targets = {str(n.target) for n in ep.graph.nodes if n.op == "call_function"}
    assert ("nvfp4_jit.gemm.default" if layout == "marlin" else "nvfp4_jit.quantize.default") in targets


# -------------------------------------------------------------------------------------------------------- GPU
@gpu
@pytest.mark.parametrize("fmt", ["nvfp4", "mxfp4"])
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("M", [1, 33, 200])
def test_gemm_op_matches_marlin(fmt, dtype, M):
    from nvfp4_jit import marlin

    p = marlin.prepare_weight(_quant(96, 256, fmt, device="cuda"))
    x = torch.randn(M, 256, device="cuda", dtype=dtype)
    bias = torch.randn(96, device="cuda", dtype=dtype)
    y = ops.linear(x, p, bias)
    torch.testing.assert_close(y, marlin.gemm(x, p, bias))  # (not equal: split-K may sum in another order)
    torch.library.opcheck(torch.ops.nvfp4_jit.gemm.default, _gemm_args(x, p, bias))
    torch.library.opcheck(torch.ops.nvfp4_jit.gemm.default, _gemm_args(x, p))
    pg = marlin.prepare_weight(_quant(96, 256, fmt, device="cuda"), gate_up=True)
    torch.testing.assert_close(ops.linear(x, pg, act="silu"), marlin.gemm(x, pg, act="silu"))
    torch.library.opcheck(torch.ops.nvfp4_jit.gemm.default, (*_gemm_args(x, pg), "silu"))


@gpu
@pytest.mark.parametrize("per_token", [False, True])
@pytest.mark.parametrize("four_over_six", [False, True])
@pytest.mark.parametrize("static", [False, True])
def test_quantize_op_matches_reference(per_token, four_over_six, static):
    x = (torch.randn(37, 256, device="cuda") * 3).to(torch.bfloat16)
    gs = torch.tensor([0.02], device="cuda") if static else None
    packed, scales, g = torch.ops.nvfp4_jit.quantize(x, gs, four_over_six, per_token)
    rp, rs, rg = quantize_nvfp4(x, gs, four_over_six=four_over_six, per_token=per_token)
    assert torch.equal(packed, rp) and torch.equal(scales.view(torch.uint8), rs.view(torch.uint8))
    assert torch.equal(g.reshape(-1), rg.float().reshape(-1))
    if static:
        assert g.data_ptr() != gs.data_ptr()
    torch.library.opcheck(torch.ops.nvfp4_jit.quantize.default, (x, gs, four_over_six, per_token))


@gpu
def test_quantize_then_swizzle_on_gpu():
    """What the native path feeds cuBLASLt, checked on any GPU: GPU quantize + GPU swizzle == CPU reference."""
    x = torch.randn(200, 512, device="cuda", dtype=torch.bfloat16)
    _, scales, _ = torch.ops.nvfp4_jit.quantize(x, None, False, False)
    _, rs, _ = quantize_nvfp4(x.cpu())
    sw = native.swizzle_scales(scales)
    assert sw.device.type == "cuda" and sw.dtype == torch.float8_e4m3fn
    assert torch.equal(sw.view(torch.uint8).cpu(), native.swizzle_scales(rs).view(torch.uint8))
    r, c = 131, 17
    assert sw.view(torch.uint8)[native.blocked_offset(r, c, 32)].item() == rs.view(torch.uint8)[r, c].item()


@gpu
def test_moe_op_matches_fused_moe():
    from nvfp4_jit import moe

    E, H, I, M, k = 8, 256, 128, 19, 2
    p13 = moe.prepare_moe_weight([_quant(2 * I, H, seed=e, device="cuda") for e in range(E)])
    p2 = moe.prepare_moe_weight([_quant(H, I, seed=100 + e, device="cuda") for e in range(E)])
    x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
    tw, ti = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), k)
    ti = ti.to(torch.int32)
    y = ops.fused_moe(x, p13, p2, tw, ti)
    assert torch.equal(y, moe.fused_moe(x, p13, p2, tw, ti))
    args = (x, p13.wq, p13.sc, p13.gscale, p2.wq, p2.sc, p2.gscale, tw, ti, 2 * I, I, 16, "silu", 0)
    torch.library.opcheck(torch.ops.nvfp4_jit.moe.default, args)


@gpu
@pytest.mark.parametrize("M", [4, 100])
def test_compiled_model_in_cuda_graph(M):
    """torch.compile(fullgraph=True) with inductor, then replayed inside a captured CUDA graph (kernels are
    compiled and loaded on the warm-up call, before capture). M=4 runs the mma kernel, M=100 dequant + cuBLAS."""
    from nvfp4_jit import dispatch

    torch._dynamo.reset()
    model = _Tiny(dispatch.backend(0), "cuda")
    x = torch.randn(M, 128, device="cuda", dtype=torch.bfloat16)
    eager = model(x)  # warm-up: JIT compile + load
    compiled = torch.compile(model, fullgraph=True)
    static_x = x.clone()
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(2):
            y = compiled(static_x)
    torch.cuda.current_stream().wait_stream(s)
    torch.testing.assert_close(y, eager, rtol=2e-2, atol=2e-2)  # inductor's gelu/add may round differently
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        static_y = compiled(static_x)
    new_x = torch.randn(M, 128, device="cuda", dtype=torch.bfloat16)
    static_x.copy_(new_x)
    static_y.fill_(float("nan"))
    g.replay()
    torch.cuda.synchronize()
    torch.testing.assert_close(static_y, compiled(new_x))


@blackwell
@pytest.mark.parametrize("per_token", [False, True])
@pytest.mark.parametrize("M", [1, 33, 300])
def test_native_gemm_blackwell(per_token, M):
    """Only verified on Blackwell: cuBLASLt FP4 GEMM vs the float64 W4A4 reference (same quantized activation)."""
    from nvfp4_jit.numerics import dequantize_nvfp4

    w = _quant(256, 512, device="cuda")
    nw = native.prepare_weight(w)
    x = torch.randn(M, 512, device="cuda", dtype=torch.bfloat16)
    bias = torch.randn(256, device="cuda", dtype=torch.bfloat16)
    y = native.gemm(x, nw, bias, per_token=per_token)
    xa = dequantize_nvfp4(*quantize_nvfp4(x, per_token=per_token), torch.float64)
    ref = xa @ w.dequantize(torch.float64).t() + bias.double()
    rel = ((y.double() - ref).norm() / ref.norm()).item()
    assert rel <= 1e-2, rel
