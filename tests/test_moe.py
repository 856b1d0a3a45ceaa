"""Fused FP4 MoE vs a float64 reference (GPU).

Tolerance ||out - ref|| / ||ref||: bf16 2e-2, fp16 5e-3. The kernel rounds the GEMM-1 output and the activation to
the activation dtype (as every fused-MoE implementation does); the reference keeps float64 throughout.
"""
import types

import pytest
import torch
import torch.nn.functional as F

from nvfp4_jit import moe
from nvfp4_jit.numerics import NVFP4Weight

TOL = {torch.bfloat16: 2e-2, torch.float16: 5e-3}
ACTS = moe.ACTIVATIONS  # (the kernels apply each)


def _experts(E, N, K, fmt, seed):
    g = torch.Generator(device="cuda").manual_seed(seed)
    return [NVFP4Weight.quantize(torch.randn(N, K, device="cuda", generator=g) * (K ** -0.5), fmt=fmt)
            for _ in range(E)]


def _reference(x, w13, w2, topk_weights, topk_ids, activation, offset, b13=None, b2=None):
    """float64; per expert, gathering its (token, slot) pairs (same sums as a per-token loop)."""
    xd = x.double()
    out = torch.zeros_like(xd)
    inter = w2[0].shape[1]
    for e in range(len(w13)):
        m, j = torch.nonzero(topk_ids - offset == e, as_tuple=True)
        if m.numel() == 0:
            continue
        h = xd[m] @ w13[e].dequantize(torch.float64).t()
        if b13 is not None:
            h = h + b13[e].double()
        a = moe._activation(h, inter, activation)
        y = a @ w2[e].dequantize(torch.float64).t()
        if b2 is not None:
            y = y + b2[e].double()
        out.index_add_(0, m, y * topk_weights[m, j].double()[:, None])
    return out


def _run(M, E, top_k, H, I, dtype=torch.bfloat16, fmt="nvfp4", activation="silu", offset=0, drop=0.0, seed=0,
         gated=True, fused=True, bias=False):
    """fused: gated activation in GEMM 1's epilogue (w13 prepared with gate_up=True), else torch in between (with
    gate_up=True and a bias or swigluoai: torch too, on GEMM 1's interleaved rows). bias: random expert biases
    (gpt-oss), b13 float32, b2 bf16."""
    torch.manual_seed(seed)
    w13 = _experts(E, 2 * I if gated else I, H, fmt, seed)
    w2 = _experts(E, H, I, fmt, seed + 1)
    p13 = moe.prepare_moe_weight(w13, gate_up=gated and fused)
    p2 = moe.prepare_moe_weight(w2)
    x = torch.randn(M, H, device="cuda").to(dtype)
    logits = torch.randn(M, E, device="cuda")
    topk_weights, topk_ids = torch.topk(logits.softmax(-1), top_k, dim=-1)
    topk_ids = topk_ids + offset
    if drop:  # pairs routed to experts of another rank / to no expert
        mask = torch.rand(M, top_k, device="cuda") < drop
        topk_ids = torch.where(mask, torch.full_like(topk_ids, -1), topk_ids)
        topk_ids[0] = -1  # one token routed to no expert at all
        # NaN blocks in torch's caching allocator: unwritten rows that were read would show
        for rows, cols in ((M * top_k, H), (M * top_k, I), (M * top_k, 2 * I)):
            torch.full((rows, cols), float("nan"), dtype=dtype, device="cuda")
    b13 = 3 * torch.randn(E, w13[0].shape[0], device="cuda") if bias is True else None  # (swigluoai: some clamp)
    b2 = (0.1 * torch.randn(E, H, device="cuda")).to(torch.bfloat16) if bias else None
    out = moe.fused_moe(x, p13, p2, topk_weights, topk_ids.to(torch.int32), activation, expert_offset=offset,
                        w13_bias=b13, w2_bias=b2)
    ref = _reference(x, w13, w2, topk_weights, topk_ids, activation, offset, b13, b2)
    assert out.shape == (M, H) and out.dtype == dtype
    assert torch.isfinite(out).all()
    rel = ((out.double() - ref).norm() / ref.norm().clamp_min(1e-30)).item()
    assert rel <= TOL[dtype], f"M={M} E={E} k={top_k} H={H} I={I} {dtype} {fmt}: rel {rel:.2e}"
    if drop:
        assert out[0].abs().max().item() == 0  # token routed nowhere gets zeros
    return rel


QWEN3, MIXTRAL, GPTOSS = (2048, 768), (4096, 14336), (2880, 2880)


def _graph_output(fn):
    """fn captured in a CUDA graph (no warm-up run here: callers run it first where they want one); the captured
    output is poisoned, the graph replayed once -> the replay's output."""
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        out = fn()
    out.fill_(float("nan"))
    g.replay()
    torch.cuda.synchronize()
    return out


@pytest.mark.gpu
@pytest.mark.parametrize("M", [1, 7, 64, 512, 4096])
def test_moe_qwen3(M):
    _run(M, 128, 8, *QWEN3)


@pytest.mark.gpu
@pytest.mark.parametrize("M", [1, 7, 64, 512])
def test_moe_mixtral(M):
    _run(M, 8, 2, *MIXTRAL)


@pytest.mark.gpu
@pytest.mark.parametrize("M", [1, 64])
def test_moe_gptoss_mxfp4(M):
    _run(M, 64, 4, *GPTOSS, fmt="mxfp4")


@pytest.mark.gpu
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("top_k", [1, 2, 8])
def test_moe_topk_dtype(top_k, dtype):
    _run(33, 8, top_k, 512, 256, dtype=dtype)


@pytest.mark.gpu
def test_moe_dropped_pairs_and_expert_parallel():
    # ids of another rank (offset) and -1 contribute nothing; token 0 is routed nowhere
    _run(40, 64, 4, 256, 128, offset=64, drop=0.3)
    _run(5, 8, 2, 256, 128, drop=0.5)


@pytest.mark.gpu
@pytest.mark.parametrize("activation,gated,fused", [("gelu", True, True), ("silu", True, False),
                                                    ("gelu", True, False), ("silu", False, False),
                                                    ("gelu", False, False)])
def test_moe_activations(activation, gated, fused):
    _run(17, 8, 2, 256, 128, activation=activation, gated=gated, fused=fused)
    _run(300, 16, 4, 256, 96, activation=activation, gated=gated, fused=fused)


@pytest.mark.gpu
@pytest.mark.parametrize("M,E,top_k,H,I,kw", [
    (1, 32, 4, *GPTOSS, {"fmt": "mxfp4"}),  # gpt-oss-20b sizes; one token: the top-k sum in GEMM 2
    (4, 32, 4, *GPTOSS, {"fmt": "mxfp4", "drop": 0.3}),
    (64, 32, 4, *GPTOSS, {"fmt": "mxfp4", "dtype": torch.float16}),
    (600, 16, 4, 512, 256, {"fmt": "mxfp4"}),  # 150 pairs per expert: the prefill path on sm_90a
    (600, 16, 4, 512, 256, {"fused": False, "offset": 4, "drop": 0.2}),  # (its GEMM 1 adds b13, then torch)
    (17, 8, 2, 256, 128, {"fused": False}),  # w13 prepared with [gate; up] rows (not interleaved)
    (1, 128, 8, *QWEN3, {"activation": "silu", "bias": "w2"}),  # fused silu, resident GEMM 2 (SM90+), + b2
    (5, 8, 2, 256, 128, {"activation": "gelu"}),  # gelu with a b13: torch between the GEMMs
    (3, 16, 4, 256, 128, {"offset": 8, "drop": 0.3}),  # expert parallel: other ranks' pairs add no bias
])
def test_moe_gptoss_swigluoai_and_biases(M, E, top_k, H, I, kw):
    """gpt-oss's clamped SwiGLU ("swigluoai") and per-expert biases of both GEMMs, against the reference."""
    kw = {"activation": "swigluoai", "bias": True, **kw}
    _run(M, E, top_k, H, I, **kw)


@pytest.mark.gpu
@pytest.mark.parametrize("id_dtype", [torch.int32, torch.int64])
@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_moe_one_token(id_dtype, fused, dtype):
    """M = 1 with int32 ids runs without the align kernel (GEMM block b = pair b, expert read from the ids);
    int64 ids take the align path. Ids of another rank (3) and -1 contribute nothing."""
    E, H, I, offset = 8, 256, 128, 8
    w13, w2 = _experts(E, 2 * I, H, "nvfp4", 3), _experts(E, H, I, "nvfp4", 4)
    p13, p2 = moe.prepare_moe_weight(w13, gate_up=fused), moe.prepare_moe_weight(w2)
    x = torch.randn(1, H, device="cuda").to(dtype)
    ids = torch.tensor([[offset + 5, 3, offset, -1, offset + 7]], device="cuda")
    wts = torch.rand(1, 5, device="cuda")
    for rows, cols in ((5, H), (5, I), (5, 2 * I)):  # NaN blocks in the caching allocator
        torch.full((rows, cols), float("nan"), dtype=dtype, device="cuda")
    out = moe.fused_moe(x, p13, p2, wts, ids.to(id_dtype), expert_offset=offset)
    ref = _reference(x, w13, w2, wts, ids, "silu", offset)
    rel = ((out.double() - ref).norm() / ref.norm()).item()
    assert rel <= TOL[dtype], rel


@pytest.mark.gpu
@pytest.mark.parametrize("M", [2, 7, 16])
@pytest.mark.parametrize("fused", [True, False])
def test_moe_direct_several_tokens(M, fused, monkeypatch):
    """The direct path (a GEMM block per pair, no align kernel) with several tokens: pairs of one expert from
    different tokens, dropped pairs (-1, another rank's ids) and a token routed nowhere; GEMM 2 writes per-pair
    rows that moe_sum adds."""
    monkeypatch.setattr(moe, "DIRECT_MAX_M", 64)
    _run(M, 8, 4, 256, 128, offset=8, drop=0.3, fused=fused, seed=M)
    _run(M, 32, 4, 2880, 2880, fmt="mxfp4", fused=fused, seed=M)


@pytest.mark.gpu
@pytest.mark.parametrize("M,E,top_k,H,I,fmt", [(2, 8, 4, 256, 128, "nvfp4"), (7, 32, 4, *GPTOSS, "mxfp4"),
                                               (4, 128, 8, *QWEN3, "nvfp4"), (16, 4, 2, 272, 80, "nvfp4"),
                                               (5, 6, 6, 256, 128, "mxfp4")])
@pytest.mark.parametrize("fused", [True, False])
def test_moe_grouped_several_tokens(M, E, top_k, H, I, fmt, fused, monkeypatch):
    """Decode of 2..32 pairs runs grouped: the GEMMs group the pairs per expert themselves (no align kernel), GEMM 2
    writes each pair's row for moe_sum. Pairs of one expert from different tokens, more than 8 of one expert (E = 4:
    two 8-slot blocks of it), a token that picks one expert twice, dropped pairs (-1, another rank's ids), a token
    routed nowhere; vs the float64 reference and the align path (NVFP4_JIT_MOE_DIRECT=1), in a CUDA graph."""
    dtype, offset = torch.bfloat16, 3
    monkeypatch.setattr(moe, "_plans", {})
    monkeypatch.setenv("NVFP4_JIT_MOE_DIRECT", "32")  # (by default only up to GROUPED_MAX_M tokens)
    w13, w2 = _experts(E, 2 * I, H, fmt, M), _experts(E, H, I, fmt, M + 1)
    p13, p2 = moe.prepare_moe_weight(w13, gate_up=fused), moe.prepare_moe_weight(w2)
    g = torch.Generator(device="cuda").manual_seed(M)
    x = torch.randn(M, H, device="cuda", generator=g).to(dtype)
    wts = torch.rand(M, top_k, device="cuda", generator=g)
    ids = torch.randint(offset, offset + E, (M, top_k), device="cuda", generator=g, dtype=torch.int32)
    ids[0] = -1  # routed nowhere
    ids[1, 0] = ids[1, -1] = offset + E - 1  # one expert twice
    if M > 2:
        ids[2, 0], ids[2, -1] = -1, offset + E  # dropped, another rank's
    torch.full((M * top_k, 2 * I), float("nan"), dtype=dtype, device="cuda")  # NaN blocks in the caching allocator
    out = moe.fused_moe(x, p13, p2, wts, ids, expert_offset=offset)
    plan = next(iter(moe._plans.values()))
    assert plan.grouped and plan.align is None and plan.down == "rows"
    if fused and H >= 1024:  # (kt = H / 64 >= 16: GEMM 1 with MINB 4, gate_up_config(grouped=True))
        assert dict(plan.g1.kernel.spec.params)["MINB"] == 4
    ref = _reference(x, w13, w2, wts, ids, "silu", offset)
    rel = ((out.double() - ref).norm() / ref.norm()).item()
    assert rel <= TOL[dtype], rel
    assert out[0].abs().max().item() == 0
    assert torch.equal(_graph_output(lambda: moe.fused_moe(x, p13, p2, wts, ids, expert_offset=offset)), out)
    monkeypatch.setenv("NVFP4_JIT_MOE_DIRECT", "1")  # the align kernel
    aligned = moe.fused_moe(x, p13, p2, wts, ids, expert_offset=offset)
    assert not moe._plans[next(reversed(moe._plans))].grouped
    assert torch.equal(aligned, out)  # (same blocks, same sums)


def test_moe_grouped_env(monkeypatch):
    monkeypatch.delenv("NVFP4_JIT_MOE_DIRECT", raising=False)
    assert moe._grouped_max_tokens() == moe.GROUPED_MAX_M == 4
    monkeypatch.setenv("NVFP4_JIT_MOE_DIRECT", "some")
    with pytest.raises(ValueError, match="NVFP4_JIT_MOE_DIRECT"):
        moe._grouped_max_tokens()
    monkeypatch.setenv("NVFP4_JIT_MOE_DIRECT", "3")
    assert moe._grouped_max_tokens() == 3


@pytest.mark.gpu
@pytest.mark.parametrize("H,I,E,top_k,fmt,ctas", [(272, 80, 8, 3, "nvfp4", "5"), (256, 128, 32, 16, "mxfp4", "16"),
                                                  (512, 256, 16, 8, "nvfp4", ""), (2048, 768, 128, 8, "nvfp4", ""),
                                                  (2880, 2880, 32, 4, "mxfp4", "132"), (528, 128, 8, 2, "nvfp4", "7")])
def test_moe_one_token_resident_down(H, I, E, top_k, fmt, ctas, monkeypatch):
    """One-token decode on SM90+ runs GEMM 2 + top-k sum as the resident kernel (mode moe_down: weights staged
    whole in shared memory while GEMM 1 runs). Vs the float64 reference and vs the gemm kernel's direct path
    (NVFP4_JIT_MOE_DOWN=0), with K not a multiple of 64 (I = 80), fewer CTAs than tiles (NVFP4_JIT_MOE_DOWN=G: tiles
    split between two CTAs, summed in the workspace, which is left zero), top-k 16 (two units per warp), a dropped
    pair and one of another rank, in a CUDA graph (same bits); no pair local gives zeros."""
    from nvfp4_jit import jit, marlin

    dtype = torch.bfloat16
    w13, w2 = _experts(E, 2 * I, H, fmt, 21), _experts(E, H, I, fmt, 22)
    p13, p2 = moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2)
    x = torch.randn(1, H, device="cuda").to(dtype)
    wts, ids = torch.topk(torch.randn(1, E, device="cuda").softmax(-1), top_k, dim=-1)
    ids = ids.to(torch.int32)
    ids[0, -1] = -1
    if top_k > 2:
        ids[0, 0] = E + 3  # another rank's expert
    monkeypatch.setattr(moe, "_plans", {})  # (no plan of an earlier test, holding an older workspace)
    monkeypatch.setenv("NVFP4_JIT_MOE_DOWN", ctas)
    if jit.arch_sm(jit.device_arch(0)) >= 90:
        plan = moe._down_plan(p2, top_k, 0)
        want = int(ctas) if ctas else min(p2.n16, torch.cuda.get_device_properties(0).multi_processor_count)
        assert plan is not None and plan[0] == want
    torch.full((4, H), float("nan"), dtype=dtype, device="cuda")  # NaN blocks in the caching allocator
    out = moe.fused_moe(x, p13, p2, wts, ids)
    ref = _reference(x, w13, w2, wts, ids, "silu", 0)
    rel = ((out.double() - ref).norm() / ref.norm()).item()
    assert rel <= TOL[dtype], rel
    monkeypatch.setenv("NVFP4_JIT_MOE_DOWN", "0")
    other = moe.fused_moe(x, p13, p2, wts, ids)
    assert ((out.double() - other.double()).norm() / ref.norm()).item() <= 1e-2
    monkeypatch.setenv("NVFP4_JIT_MOE_DOWN", ctas)
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        moe.fused_moe(x, p13, p2, wts, ids)
    torch.cuda.current_stream().wait_stream(s)
    assert torch.equal(_graph_output(lambda: moe.fused_moe(x, p13, p2, wts, ids)), out)
    none = torch.full_like(ids, -1)
    assert torch.count_nonzero(moe.fused_moe(x, p13, p2, wts, none)) == 0
    torch.cuda.synchronize()
    assert all(torch.count_nonzero(t) == 0 for t in marlin._workspaces[0])


def test_moe_down_variants_registered():
    from nvfp4_jit import jit, marlin

    jit.families()
    specs = set(jit._REGISTRY["moe"]("sm_90a"))
    for group in (16, 32):
        assert all(moe.down_spec("sm_90a", dt, group) in specs for dt in ("bf16", "f16"))
        for kt in (12, 32, 45):
            assert marlin.gemm_spec("sm_90a", "bf16", group, moe.gate_up_config(1, kt, True), moe=True, act="silu",
                                    direct=True, early=True) in specs
    assert not any(s.params and dict(s.params).get("mode") == "moe_down" for s in jit._REGISTRY["moe"]("sm_80"))


def test_moe_down_env(monkeypatch):
    monkeypatch.setenv("NVFP4_JIT_MOE_DOWN", "yes")
    with pytest.raises(ValueError, match="NVFP4_JIT_MOE_DOWN"):
        moe._down_plan(None, 8, 0)


@pytest.mark.gpu
def test_moe_one_token_topk_sum_workspace_and_graph():
    """One-token decode sums the k pairs inside GEMM 2 in a workspace that prepare_moe_weight reserves: no
    allocation on the first call (so a CUDA-graph capture can be the first call), all pairs dropped gives zeros,
    and the workspace it shares with split K is left all zero."""
    from nvfp4_jit import marlin

    marlin._workspaces.clear()
    moe._plans.clear()  # (plans keep the workspace they were made with)
    E, H, I = 16, 512, 256
    w13, w2 = _experts(E, 2 * I, H, "nvfp4", 5), _experts(E, H, I, "nvfp4", 6)
    p13, p2 = moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2)
    ws = marlin._workspaces[0][0]
    x = torch.randn(1, H, device="cuda", dtype=torch.bfloat16)
    wts = torch.rand(1, 8, device="cuda")
    ids = torch.tensor([[3, 9, 0, 15, -1, 7, 12, 5]], device="cuda", dtype=torch.int32)
    ref = _reference(x, w13, w2, wts, ids, "silu", 0)
    for _ in range(3):
        out = moe.fused_moe(x, p13, p2, wts, ids)
        assert ((out.double() - ref).norm() / ref.norm()).item() <= TOL[torch.bfloat16]
    assert marlin._workspaces[0][0] is ws  # reserved at prepare time, not grown
    nowhere = torch.full((1, 8), -1, device="cuda", dtype=torch.int32)
    assert torch.equal(moe.fused_moe(x, p13, p2, wts, nowhere), torch.zeros(1, H, device="cuda",
                                                                            dtype=torch.bfloat16))
    out = _graph_output(lambda: moe.fused_moe(x, p13, p2, wts, ids))  # capture as the first call with these ids
    assert ((out.double() - ref).norm() / ref.norm()).item() <= TOL[torch.bfloat16]
    assert torch.count_nonzero(marlin._workspaces[0][0]) == 0 and torch.count_nonzero(marlin._workspaces[0][1]) == 0


@pytest.mark.gpu
def test_moe_one_token_more_pairs_than_topk_sum_max():
    """Above TOPK_SUM_MAX pairs the one-token path sums with the moe_sum kernel instead."""
    top_k = moe.TOPK_SUM_MAX + 4
    _run(1, 32, top_k, 256, 128)
    _run(1, 32, top_k, 256, 128, dtype=torch.float16, offset=32)
    _run(1, 32, top_k, 256, 128, drop=0.2)  # (_run routes token 0 nowhere: zeros)


@pytest.mark.gpu
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("id_dtype", [torch.int32, torch.int64])
@pytest.mark.parametrize("k", [4, 11])  # the kernel takes the slots in groups of 8
def test_moe_sum_skips_dropped_rows(dtype, id_dtype, k):
    M, H, E, offset = 37, 136, 16, 2
    ids = torch.randint(-3, E + 5, (M, k), device="cuda").to(id_dtype)
    local = ((ids >= offset) & (ids < offset + E)).view(-1, 1)
    y = torch.randn(M * k, H, device="cuda").to(dtype)
    y = torch.where(local, y, torch.full_like(y, float("nan")))  # dropped pairs' rows: never written, not read
    ref = torch.where(local, y.double(), 0.0).view(M, k, H).sum(1)
    out = moe.moe_sum(y, ids, E, expert_offset=offset)
    assert out.shape == (M, H) and out.dtype == dtype
    u = 2.0 ** (-8 if dtype == torch.bfloat16 else -11)  # unit roundoff: fp32 sum, one rounding
    assert ((out.double() - ref).abs() <= u * ref.abs() + 1e-6).all()


@pytest.mark.gpu
def test_moe_align_segments():
    ids = torch.tensor([[3, 1], [1, -1], [3, 7], [9, 1]], device="cuda", dtype=torch.int64)  # E=8: 9 dropped
    sorted_ids, block_expert = moe.moe_align(ids, 8, 8)
    T = ids.numel()
    s, b = sorted_ids.cpu().view(-1, 8), block_expert.cpu()
    used = b >= 0
    assert b[used].tolist() == [1, 3, 7]
    for blk, e in zip(s[used], b[used].tolist()):
        pairs = sorted(v for v in blk.tolist() if v < T)
        assert pairs == sorted(i for i, v in enumerate(ids.view(-1).tolist()) if v == e)
    assert (s[~used] == T).all()


@pytest.mark.gpu
def test_moe_bad_inputs():
    w13 = moe.prepare_moe_weight(_experts(2, 64, 64, "nvfp4", 0))
    w2 = moe.prepare_moe_weight(_experts(2, 64, 32, "nvfp4", 1))
    x = torch.randn(3, 64, device="cuda", dtype=torch.bfloat16)
    ids = torch.zeros(3, 1, dtype=torch.int32, device="cuda")
    wts = torch.ones(3, 1, device="cuda")
    with pytest.raises(ValueError):
        moe.fused_moe(x[:, :32], w13, w2, wts, ids)
    with pytest.raises(ValueError):
        moe.fused_moe(x, w13, w2, wts[:2], ids)
    with pytest.raises(TypeError):
        moe.fused_moe(x, w13, w2, wts, ids.float())
    with pytest.raises(ValueError):
        moe.fused_moe(x, w13, w2, wts, ids, activation="relu")
    with pytest.raises(ValueError, match="gated"):  # w13 [E, 64, 64] against I = 32: gated; [E, 32, 64] is not
        moe.fused_moe(x, moe.prepare_moe_weight(_experts(2, 32, 64, "nvfp4", 0)), w2, wts, ids,
                      activation="swigluoai")
    with pytest.raises(ValueError, match="w13_bias"):
        moe.fused_moe(x, w13, w2, wts, ids, w13_bias=torch.zeros(2, 32, device="cuda"))
    with pytest.raises(ValueError, match="w2_bias"):
        moe.fused_moe(x, w13, w2, wts, ids, w2_bias=torch.zeros(2, 64, dtype=torch.int32, device="cuda"))
    with pytest.raises(ValueError, match="on cuda"):
        moe.fused_moe(x, w13, w2, wts, ids, w2_bias=torch.zeros(2, 64))


def test_moe_plan_needs_h_multiple_of_8():
    """The top-k sum moves 16-byte rows: a weight pair with H % 8 != 0 (only reachable with hand-made prepared
    weights, H being w13's K) is a clear ValueError before anything is launched, on every path."""
    import types

    w13 = types.SimpleNamespace(num_experts=4, n=64, k=12, gate_up=True)
    w2 = types.SimpleNamespace(num_experts=4, n=12, k=32)
    for M in (1, 4, 4096):
        with pytest.raises(ValueError, match="H % 8"):
            moe._make_plan(M, 2, w13, w2, "bf16", 0, torch.int32, "silu")


def test_moe_sum_bad_inputs():
    ids = torch.zeros(3, 2, dtype=torch.int32)
    y = torch.zeros(6, 16, dtype=torch.bfloat16)
    with pytest.raises(ValueError, match="topk_ids"):
        moe.moe_sum(y, ids.float(), 4)
    with pytest.raises(ValueError, match="M \\* top_k"):
        moe.moe_sum(y[:5], ids, 4)
    with pytest.raises(ValueError, match="H % 8"):
        moe.moe_sum(torch.zeros(6, 12, dtype=torch.bfloat16), ids, 4)
    with pytest.raises(ValueError, match="float16/bfloat16"):
        moe.moe_sum(y.float(), ids, 4)
    with pytest.raises(ValueError, match="CUDA"):
        moe.moe_sum(y, ids, 4)


@pytest.mark.gpu
@pytest.mark.parametrize("M,fused", [(1, True), (1, False), (7, True), (64, True), (300, True), (300, False)])
def test_moe_pdl_same_bits(M, fused, monkeypatch):
    """GEMM 1 (after the align kernel), GEMM 2 and the top-k sum launched with programmatic dependent launch (on
    SM90+; elsewhere both runs launch normally) give the same bits as normal launches, eagerly and in a CUDA graph
    of three chained MoE layers (each layer's input is the previous one's output, so a kernel that read its
    predecessor's output early would show), with a dropped pair. M = 64 / 300 take the prefill path on sm_90a (16 /
    75 pairs per expert), whose buffers are handed back to the allocator while PDL kernels run."""
    E, top_k, H, I = 16, 4, 512, 256
    w13, w2 = _experts(E, 2 * I, H, "nvfp4", 11), _experts(E, H, I, "nvfp4", 12)
    p13, p2 = moe.prepare_moe_weight(w13, gate_up=fused), moe.prepare_moe_weight(w2)
    x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
    wts, ids = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), top_k, dim=-1)
    ids = ids.to(torch.int32)
    ids[0, 1] = -1

    def chain(x):
        for _ in range(3):
            x = moe.fused_moe(x, p13, p2, wts, ids) * 4.0
        return x

    monkeypatch.setenv("NVFP4_JIT_PDL", "0")
    want = chain(x)
    ref = _reference(x, w13, w2, wts, ids, "silu", 0)
    out1 = moe.fused_moe(x, p13, p2, wts, ids)
    assert ((out1.double() - ref).norm() / ref.norm()).item() <= TOL[torch.bfloat16]
    monkeypatch.setenv("NVFP4_JIT_PDL", "1")
    assert torch.equal(moe.fused_moe(x, p13, p2, wts, ids), out1)
    assert torch.equal(chain(x), want)
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        chain(x)  # warm-up off the capture
    torch.cuda.current_stream().wait_stream(s)
    xg = x.clone()
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        got = chain(xg)
    for _ in range(5):
        got.fill_(float("nan"))
        g.replay()
        torch.cuda.synchronize()
        assert torch.equal(got, want)


@pytest.mark.gpu
@pytest.mark.sm90a
@pytest.mark.parametrize("M,E,top_k,H,I,kw", [
    (7, 8, 2, 256, 128, {}),  # forced at a small batch: padding slots, experts without pairs (BM 32)
    (7, 8, 2, 256, 128, {"env": "256"}),  # BM 256 (forced), almost all slots padding
    (136, 8, 2, 256, 128, {}),  # BM 48 (34 pairs per expert)
    (330, 8, 2, 256, 128, {"env": "64"}),  # BM 64
    (256, 8, 2, 256, 128, {}),  # BM 80 by the rule (64 pairs per expert)
    (288, 8, 2, 256, 128, {"fmt": "mxfp4"}),  # BM 96 by the rule (72 pairs per expert)
    (600, 2, 1, 4096, 4096, {}),  # BM 256 by the rule: 300 pairs per expert, min(H, I) >= 4096
    (600, 8, 2, 256, 128, {"raster": "0.1"}),  # raster groups of 3 / 6 row blocks, the last ones partial
    (600, 8, 2, 256, 128, {"raster": "0"}),  # no raster groups: row blocks fastest (the order before)
    (600, 8, 2, 512, 256, {"dtype": torch.float16, "env": "128"}),  # BM 128 (forced; tuning)
    (1200, 8, 2, 256, 96, {"fmt": "mxfp4"}),  # K of GEMM 2 not a multiple of 64
    (33, 8, 2, 256, 80, {}),  # K of GEMM 2 not a multiple of 64 (NVFP4: of 16)
    (300, 16, 4, 272, 96, {"activation": "gelu", "fused": False}),  # [gate; up] rows, H % 64 != 0
    (300, 16, 4, 256, 96, {"gated": False}),  # plain activation
    (40, 64, 4, 256, 128, {"offset": 64, "drop": 0.3}),  # expert parallel, dropped pairs, a token routed nowhere
    (301, 8, 1, 256, 128, {"dtype": torch.float16, "fmt": "mxfp4", "activation": "gelu"}),
])
def test_moe_wgmma_prefill(M, E, top_k, H, I, kw, monkeypatch):
    """The prefill path (grouped wgmma GEMMs, SM90a), forced with NVFP4_JIT_MOE_WGMMA=1, against the float64
    reference; its plan is the wgmma one."""
    kw = dict(kw)
    monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA", kw.pop("env", "1"))
    if "raster" in kw:
        monkeypatch.setenv("NVFP4_JIT_MOE_RASTER", kw.pop("raster"))
    n = len(moe._plans)
    _run(M, E, top_k, H, I, **kw)
    assert len(moe._plans) > n and list(moe._plans.values())[-1].wgmma is not None


@pytest.mark.gpu
@pytest.mark.parametrize("M,E,top_k,H,I", [(512, 8, 2, *MIXTRAL), (600, 16, 4, 256, 96)])
def test_moe_prefill_grouped_mma_sync(M, E, top_k, H, I, monkeypatch):
    """The grouped mma.sync GEMMs at prefill sizes (what GPUs other than sm_90a run; NVFP4_JIT_MOE_WGMMA=0 here)."""
    monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA", "0")
    _run(M, E, top_k, H, I)
    assert list(moe._plans.values())[-1].wgmma is None


@pytest.mark.gpu
@pytest.mark.sm90a
def test_moe_wgmma_prefill_graph_and_rule(monkeypatch):
    """The prefill path in a CUDA graph gives the eager call's bits; the default rule takes it for a Mixtral-like
    batch (>= WGMMA_MIN_PAIRS pairs per expert) and not for a small one."""
    monkeypatch.delenv("NVFP4_JIT_MOE_WGMMA", raising=False)
    E, top_k, H, I, M = 8, 2, 512, 256, 320
    w13, w2 = _experts(E, 2 * I, H, "nvfp4", 41), _experts(E, H, I, "nvfp4", 42)
    p13, p2 = moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2)
    x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
    wts, ids = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), top_k, dim=-1)
    ids = ids.to(torch.int32)
    want = moe.fused_moe(x, p13, p2, wts, ids)
    assert moe._plans[next(reversed(moe._plans))].wgmma is not None
    ref = _reference(x, w13, w2, wts, ids, "silu", 0)
    assert ((want.double() - ref).norm() / ref.norm()).item() <= TOL[torch.bfloat16]
    assert torch.equal(_graph_output(lambda: moe.fused_moe(x, p13, p2, wts, ids)), want)
    moe.fused_moe(x[:8], p13, p2, wts[:8], ids[:8])
    assert moe._plans[next(reversed(moe._plans))].wgmma is None


def test_moe_wgmma_rule(monkeypatch):
    monkeypatch.delenv("NVFP4_JIT_MOE_WGMMA", raising=False)
    n = moe.WGMMA_MIN_PAIRS * 8
    assert moe.use_wgmma(n, 8, "sm_90a") and not moe.use_wgmma(n - 1, 8, "sm_90a")
    assert not moe.use_wgmma(10 ** 6, 8, "sm_80") and not moe.use_wgmma(10 ** 6, 8, "sm_100a")
    monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA", "1")
    assert moe.use_wgmma(2, 8, "sm_90a") and not moe.use_wgmma(2, 8, "sm_89")
    monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA", "0")
    assert not moe.use_wgmma(10 ** 6, 8, "sm_90a")
    for bad in ("yes", "40"):
        monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA", bad)
        with pytest.raises(ValueError, match="NVFP4_JIT_MOE_WGMMA"):
            moe.use_wgmma(10 ** 6, 8, "sm_90a")
    monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA_CONFIG", "128,1,2,4,1,2")  # tuning override of the tile config
    assert moe._moe_wgmma_config(64) == (128, 1, 2, 4, 1, 2)
    for bad in ("128,1,2,4,1", "100,1,2,4,1,2", "64,1,2,40,1,4", "a,b"):
        monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA_CONFIG", bad)
        with pytest.raises(ValueError, match="NVFP4_JIT_MOE_WGMMA_CONFIG"):
            moe._moe_wgmma_config(64)
    monkeypatch.delenv("NVFP4_JIT_MOE_WGMMA_CONFIG")
    monkeypatch.setenv("NVFP4_JIT_MOE_WGMMA", "128")  # forced, with that block
    assert moe.use_wgmma(2, 8, "sm_90a") and moe._wgmma_block(1000, 2, 8) == 128
    monkeypatch.delenv("NVFP4_JIT_MOE_WGMMA")
    # the block with the least expected padded blocks x cost: Mixtral-like routing (top-2 of 8), pairs per expert
    # 16 / 32 / 48 / 64 / 72 / 88 / 96 / 1000 -> the measured best blocks 32 / 48 / 64 / 80 / 96 / 96 / 64 / 64; the
    # same for top-8 of 128
    for k, E in ((2, 8), (8, 128)):
        got = [moe._wgmma_block(ppe * E // k, k, E) for ppe in (16, 32, 48, 64, 72, 88, 96, 1000)]
        assert got == [32, 48, 64, 80, 96, 96, 64, 64], (k, E, got)
    assert moe._expected_blocks(100, 1.0, 64) == 2 and abs(moe._expected_blocks(10 ** 4, 0.25, 64) - 39.56) < 0.01
    assert abs(moe._expected_blocks(256, 0.25, 64) - 1.47) < 0.02  # (64 pairs per expert: half the experts overflow)
    # large experts (min(H, I) >= 4096) from 256 pairs per expert: blocks of 256 (Mixtral, not gpt-oss / Qwen3)
    assert [moe._wgmma_block(M, 2, 8, 4096) for M in (144, 1020, 1024, 10 ** 5)] == [48, 64, 256, 256]
    assert moe._wgmma_block(10 ** 5, 4, 32, 2880) == 64 and moe._wgmma_block(10 ** 5, 8, 128, 768) == 64
    assert [moe._moe_wgmma_config(bm)[0] for bm in (32, 48, 64, 80, 96, 128, 256)] == [32, 48, 64, 80, 96, 128, 256]
    # raster groups: as many row blocks as keep their x rows (BM x 64 kt x 2 bytes) within the budget
    monkeypatch.setenv("NVFP4_JIT_MOE_RASTER", "0.1")
    assert [moe._raster_rows(64, kt, 26) for kt in (4, 2, 1000)] == [3, 6, 1]
    monkeypatch.setenv("NVFP4_JIT_MOE_RASTER", "0")  # no groups: row blocks fastest
    assert moe._raster_rows(64, 4, 26) == 26 and moe._raster_rows(64, 4, 0) == 1
    monkeypatch.setenv("NVFP4_JIT_MOE_RASTER", "1e-9")
    assert moe._raster_rows(32, 4, 10 ** 6) == 16  # (at most 65535 groups)
    for bad in ("8MB", "nan", "inf", "-1"):
        monkeypatch.setenv("NVFP4_JIT_MOE_RASTER", bad)
        with pytest.raises(ValueError, match="NVFP4_JIT_MOE_RASTER"):
            moe._raster_rows(64, 4, 26)
    monkeypatch.delenv("NVFP4_JIT_MOE_RASTER")
    assert moe._moe_wgmma_config(32)[3:] == (2, 2, 6) and moe._moe_wgmma_config(48)[3:] == (2, 2, 5)  # deeper rings


def test_moe_wgmma_variants_registered():
    """What the prefill path launches on sm_90a is among the shipped variants (and nothing of it elsewhere)."""
    from nvfp4_jit import jit, marlin

    jit.families()
    specs = set(jit._REGISTRY["moe"]("sm_90a")) | set(jit._REGISTRY["marlin"]("sm_90a"))
    assert marlin.xperm_spec("sm_90a", moe=True) in specs
    for act in ACTS:  # GEMM 2's gather with the gated activation
        assert all(marlin.xperm_spec("sm_90a", True, act, dt) in specs for dt in ("f16", "bf16"))
    assert set(moe._wgmma_rule_blocks()) == {32, 48, 64, 80, 96, 256}
    for bm in moe._wgmma_rule_blocks():
        assert all(moe.align_spec("sm_90a", bm, t) in specs for t in ("int", "long long"))
        for dt in ("f16", "bf16"):
            for group in (16, 32):
                assert marlin.wgmma_spec("sm_90a", dt, group, moe._moe_wgmma_config(bm), moe=True) in specs
    assert not any(getattr(s, "name", "").startswith("fp4_marlin_wgmma") for s in jit._REGISTRY["moe"]("sm_80"))


def test_use_pdl_env(monkeypatch):
    from nvfp4_jit import marlin

    monkeypatch.delenv("NVFP4_JIT_PDL", raising=False)
    assert marlin.use_pdl("sm_90a") and marlin.use_pdl("sm_100a") and not marlin.use_pdl("sm_80")
    monkeypatch.setenv("NVFP4_JIT_PDL", "0")
    assert not marlin.use_pdl("sm_90a")
    monkeypatch.setenv("NVFP4_JIT_PDL", "yes")
    with pytest.raises(ValueError, match="NVFP4_JIT_PDL"):
        marlin.use_pdl("sm_90a")


def test_moe_align_rejects_too_many_experts():
    """One align thread per expert: more than 1024 experts (or none) is a clear ValueError before any launch, from
    moe_align and from the launch that fused_moe's plans prepare."""
    with pytest.raises(ValueError, match="num_experts"):
        moe.moe_align(torch.zeros(4, 2, dtype=torch.int32), 2000, 8)
    for E in (0, 1025):
        with pytest.raises(ValueError, match="num_experts must be in 1..1024"):
            moe._align_launch(0, E, 8, 8, torch.int32)


def test_prepare_moe_weight_errors():
    w = [NVFP4Weight.quantize(torch.randn(48, 64) * 0.1) for _ in range(2)]
    with pytest.raises(ValueError, match="at least one"):
        moe.prepare_moe_weight([])
    with pytest.raises(ValueError, match="gate_up"):
        moe.prepare_moe_weight(w, gate_up=True)  # 48 rows: I = 24 is not a multiple of 16
    with pytest.raises(ValueError, match="same shape"):
        moe.prepare_moe_weight([w[0], NVFP4Weight.quantize(torch.randn(32, 64) * 0.1)])
    p = moe.prepare_moe_weight([NVFP4Weight.quantize(torch.randn(64, 64) * 0.1)], gate_up=True)
    assert p.gate_up and p.num_experts == 1 and p.wq.shape[0] == 1


def test_moe_configs_are_registered():
    """Every GEMM config fused_moe can pick is among the shipped variants (what `nvfp4-jit warmup` compiles)."""
    from nvfp4_jit import jit, marlin

    jit.families()
    specs = set(jit._REGISTRY["moe"]("sm_80")) | set(jit._REGISTRY["marlin"]("sm_80"))
    for mt in (1, 2, 4, 8):
        for n16, kt in ((256, 224), (180, 45), (128, 12), (96, 32), (64, 300), (1792, 64), (512, 448), (1, 1)):
            for act in ACTS:
                assert marlin.gemm_spec("sm_80", "bf16", 16, moe.gate_up_config(mt, kt), moe=True, act=act) in specs
            for pairs in (1, 8, 32, 4096):
                assert marlin.gemm_spec("sm_80", "bf16", 16, moe.down_config(mt, n16, kt, pairs), moe=True) in specs
                if mt == 1:  # one-token decode without the align kernel (and its top-k sum in GEMM 2)
                    for topk_sum in (False, True):
                        assert marlin.gemm_spec("sm_80", "bf16", 16, moe.down_config(mt, n16, kt, pairs, True),
                                                moe=True, direct=True, topk_sum=topk_sum) in specs
            gemm1 = marlin.tile_config(8 * mt, n16, kt, ring=False)  # GEMM 1 without the fused activation
            assert marlin.gemm_spec("sm_80", "bf16", 16, gemm1, moe=True) in specs
            if mt == 1:
                assert marlin.gemm_spec("sm_80", "bf16", 16, gemm1, moe=True, direct=True) in specs
                assert marlin.gemm_spec("sm_80", "bf16", 16, gemm1, moe=True, direct=True, grouped=True) in specs
                for act in ACTS:  # grouped decode of several tokens
                    assert marlin.gemm_spec("sm_80", "bf16", 16, moe.gate_up_config(mt, kt, grouped=True), moe=True,
                                            act=act, direct=True, grouped=True) in specs
                for pairs in (2, 32):
                    assert marlin.gemm_spec("sm_80", "bf16", 16, moe.down_config(mt, n16, kt, pairs), moe=True,
                                            direct=True, grouped=True) in specs
                for act in ACTS:
                    assert marlin.gemm_spec("sm_80", "bf16", 16, moe.gate_up_config(mt, kt, True), moe=True, act=act,
                                            direct=True) in specs


def test_pdl_kernels_read_the_previous_grids_output_coherently():
    """Under PDL a kernel starts while the previous grid still writes its input. GEMM 2's x (GEMM 1's output), GEMM
    1's routing after the align kernel and the top-k sum's y must not be read with ld.global.nc (__ldg, or a const
    __restrict__ pointer): it promises data unchanged for the whole kernel, and ptxas has moved such loads above
    griddepcontrol.wait (bench/RESULTS.md, sixth session). Launched without PDL (SM80) the kernels keep them."""
    from nvfp4_jit import marlin

    cfg = moe.direct_down_config(32)
    down90 = marlin.gemm_spec("sm_90a", "bf16", 16, cfg, moe=True).render()
    down80 = marlin.gemm_spec("sm_80", "bf16", 16, cfg, moe=True).render()
    assert "const act_t* x," in down90 and "__ldg(xp)" not in down90
    assert "const act_t* __restrict__ x," in down80 and "__ldg(xp)" in down80
    up90 = marlin.gemm_spec("sm_90a", "bf16", 16, moe.gate_up_config(1, 32), moe=True, act="silu").render()
    assert "ld_dep(block_expert + blockIdx.y)" in up90 and "ld_dep(sorted_ids + m)" in up90
    assert "ld.global.v4.u32" in moe.sum_spec("sm_90a", "bf16", "int").render()
    assert "ld.global.v4.u32" not in moe.sum_spec("sm_80", "bf16", "int").render()


@pytest.mark.gpu
@pytest.mark.parametrize("M", [1, 4])
def test_moe_plan_reused_across_weights(M):
    """fused_moe makes its launch plan once per call shape and reuses it: two expert sets of the same shapes,
    called alternately, each match their own reference, with the same bits on every call."""
    E, H, I, top_k = 16, 512, 256, 4
    sets = []
    for seed in (31, 32):
        w13, w2 = _experts(E, 2 * I, H, "nvfp4", seed), _experts(E, H, I, "nvfp4", seed + 10)
        sets.append((w13, w2, moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2)))
    x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
    wts, ids = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), top_k, dim=-1)
    ids = ids.to(torch.int32)
    n_plans = len(moe._plans)
    firsts = [moe.fused_moe(x, p13, p2, wts, ids) for _, _, p13, p2 in sets]
    assert len(moe._plans) - n_plans <= 1
    assert not torch.equal(firsts[0], firsts[1])
    for (w13, w2, p13, p2), first in zip(sets * 2, firsts * 2):
        out = moe.fused_moe(x, p13, p2, wts, ids)
        assert torch.equal(out, first)
        ref = _reference(x, w13, w2, wts, ids, "silu", 0)
        assert ((out.double() - ref).norm() / ref.norm()).item() <= TOL[torch.bfloat16]


def test_swigluoai_is_gpt_oss_clamped_swiglu():
    """CPU: gate clamped above at 7, up to [-7, 7], gate * sigmoid(1.702 gate) * (up + 1)."""
    h = torch.tensor([[-9.0, 0.5, 8.0, -8.0, 2.0, 9.0]], dtype=torch.float64)  # gate [-9, 0.5, 8], up [-8, 2, 9]
    want = [g * (1 / (1 + torch.exp(torch.tensor(-1.702 * g, dtype=torch.float64)))) * (u + 1)
            for g, u in ((-9.0, -7.0), (0.5, 2.0), (7.0, 7.0))]
    torch.testing.assert_close(moe._activation(h, 3, "swigluoai")[0], torch.stack(want), rtol=1e-12, atol=0)


def test_between_restores_gate_up_rows_and_adds_each_pairs_bias():
    """CPU: GEMM 1's output on a gate_up-prepared w13 has its n16 tiles interleaved (gate 0, up 0, gate 1, ...);
    _between puts [gate; up] back, adds the bias of each pair's expert and applies the activation."""
    T, inter, E = 6, 32, 3
    gate, up = torch.randn(T, inter, dtype=torch.float64), torch.randn(T, inter, dtype=torch.float64)
    h = torch.stack([gate.view(T, 2, 16), up.view(T, 2, 16)], dim=2).reshape(T, 2 * inter)  # tiles interleaved
    ids = torch.tensor([[5, 6], [7, 5], [-1, 6]])  # expert offset 5: ids 5..7 local, -1 dropped
    b13 = torch.randn(E, 2 * inter, dtype=torch.float64)
    w13 = types.SimpleNamespace(gate_up=True, num_experts=E)
    got = moe._between(h, w13, inter, "swigluoai", b13, ids, 5)
    e = ids.reshape(-1) - 5
    for r in range(T):
        if e[r] < 0:
            continue  # (a dropped pair's row: GEMM 2 never reads it)
        want = moe._activation((torch.cat([gate[r], up[r]]) + b13[e[r]])[None], inter, "swigluoai")[0]
        torch.testing.assert_close(got[r], want, rtol=1e-6, atol=1e-6)  # (_between computes in fp32)
    h16 = h.to(torch.bfloat16)  # swigluoai without a bias: still fp32 inside, one rounding at the end
    torch.testing.assert_close(moe._between(h16, w13, inter, "swigluoai", None, ids, 5),
                               moe._activation(torch.cat([gate, up], 1).to(torch.bfloat16).float(), inter,
                                               "swigluoai").to(torch.bfloat16), rtol=0, atol=0)
    plain = types.SimpleNamespace(gate_up=False, num_experts=E)  # [gate; up] rows, no bias: as before
    torch.testing.assert_close(moe._between(torch.cat([gate, up], 1), plain, inter, "silu", None, ids, 5),
                               F.silu(gate) * up)


def test_bias_rows_follow_gate_up_interleaving():
    """CPU: w13's biases in the row order of GEMM 1's output on a gate_up-prepared w13 (n16 tiles of gate and up
    alternating), the inverse of _between's reordering; [gate; up] as given otherwise."""
    E, inter = 3, 48
    b = torch.randn(E, 2 * inter, dtype=torch.float64)
    got = moe._bias_rows(b, types.SimpleNamespace(gate_up=True))
    assert got.dtype == torch.float32 and got.is_contiguous()
    for i in range(inter // 16):
        torch.testing.assert_close(got[:, 32 * i:32 * i + 16], b[:, 16 * i:16 * i + 16].float())
        torch.testing.assert_close(got[:, 32 * i + 16:32 * i + 32], b[:, inter + 16 * i:inter + 16 * i + 16].float())
    # _between's reordering of GEMM 1's output rows gives [gate; up] back
    torch.testing.assert_close(got.view(E, inter // 16, 2, 16).transpose(1, 2).reshape(E, 2 * inter), b.float())
    torch.testing.assert_close(moe._bias_rows(b, types.SimpleNamespace(gate_up=False)), b.float())


def test_add_w2_bias_skips_dropped_slots():
    """CPU: out + sum over local slots j of topk_weights[:, j] * w2_bias[expert j]; other ranks' ids add nothing."""
    out = torch.randn(3, 8)
    b2 = torch.randn(4, 8)
    ids = torch.tensor([[10, 13], [-1, 11], [9, 14]])  # offset 10, E = 4: 9 and 14 belong to other ranks
    wts = torch.rand(3, 2)
    got = moe._add_w2_bias(out, b2, wts, ids, 10)
    want = out.clone()
    want[0] += wts[0, 0] * b2[0] + wts[0, 1] * b2[3]
    want[1] += wts[1, 1] * b2[1]
    torch.testing.assert_close(got, want)
    assert moe._add_w2_bias(out, None, wts, ids, 10) is out
