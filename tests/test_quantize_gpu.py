"""GPU NVFP4 quantize kernel (nvfp4_jit/quantize.py, templates/quantize.cu.j2).

* CPU: every variant renders and compiles with NVRTC for every arch in jit.ARCHS; input validation; and the
  template's device functions, compiled on the host with g++ (IEEE float32, no FMA contraction), match
  numerics.quantize_nvfp4 bit for bit on random and adversarial inputs (ties, zero blocks, E4M3 subnormal and
  saturated scales, inf/NaN).
* GPU (@pytest.mark.gpu): the kernel matches numerics.quantize_nvfp4 bit for bit on the device.
"""
from __future__ import annotations

import ctypes
import shutil
import subprocess

import numpy as np
import pytest
import torch

from nvfp4_jit import jit, numerics, quantize

gpu = pytest.mark.gpu
DTYPES = {"bf16": torch.bfloat16, "f16": torch.float16}


def _as_bytes(t: torch.Tensor) -> torch.Tensor:
    return t.view(torch.uint8) if t.dtype != torch.uint8 else t


# ----------------------------------------------------------------------------------------------------- CPU
def test_variants_registered():
    specs = [s for s in jit.all_specs("sm80") if s.template == quantize.TEMPLATE]
    assert len(specs) == 8  # 2 dtypes x four_over_six x per_token
    assert {dict(s.params)["dtype"] for s in specs} == {"bf16", "f16"}


@pytest.mark.parametrize("arch", jit.ARCHS)
def test_compiles_for_every_arch(arch, tmp_path):
    for s in (s for s in jit.all_specs(arch) if s.template == quantize.TEMPLATE):
        src = s.render()
        assert quantize.KERNEL in src
        b = jit.build(s, cache_dir=tmp_path, use_shipped=False)
        assert b.cubin[:4] == b"\x7fELF"


def test_bad_dtype_name():
    with pytest.raises(ValueError, match="dtype"):
        quantize.spec("sm80", "f32")


def test_input_validation():
    with pytest.raises(TypeError, match="torch.Tensor"):
        quantize.quantize_nvfp4(np.zeros((2, 16), np.float16))
    with pytest.raises(TypeError, match="bfloat16 or float16"):
        quantize.quantize_nvfp4(torch.zeros(2, 16))
    with pytest.raises(ValueError, match="multiple of 16"):
        quantize.quantize_nvfp4(torch.zeros(2, 24, dtype=torch.bfloat16))
    with pytest.raises(ValueError, match="multiple of 16"):
        quantize.quantize_nvfp4(torch.zeros((), dtype=torch.bfloat16))
    with pytest.raises(ValueError, match="contiguous"):
        quantize.quantize_nvfp4(torch.zeros(32, 4, dtype=torch.float16).t())
    with pytest.raises(ValueError, match="CUDA"):
        quantize.quantize_nvfp4(torch.zeros(2, 16, dtype=torch.float16))


# Shims that let the template's device functions compile as plain C++: on x86-64 (SSE2) float32 arithmetic is
# IEEE round-to-nearest-even, and -ffp-contract=off keeps a * b + c from becoming an FMA.
_HOST_PRELUDE = r"""
#include <cmath>
#include <cstdint>
#include <cstring>
#define NVFP4_HOST_TEST 1
#define __device__
#define __forceinline__ inline
static inline float __fdiv_rn(float a, float b) { return a / b; }
static inline float __fmul_rn(float a, float b) { return a * b; }
static inline float __fadd_rn(float a, float b) { return a + b; }
static inline float __fsub_rn(float a, float b) { return a - b; }
static inline int __float2int_rn(float f) { return (int)nearbyintf(f); }
static inline unsigned int __float_as_uint(float f) { unsigned int u; memcpy(&u, &f, 4); return u; }
static inline float __uint_as_float(unsigned int u) { float f; memcpy(&f, &u, 4); return f; }
static inline _Float16 __ushort_as_half(unsigned short b) { _Float16 h; memcpy(&h, &b, 2); return h; }
static inline float __half2float(_Float16 h) { return (float)h; }
"""

_HOST_HARNESS = r"""
// The kernel's per-thread work, one 16-element block at a time.
extern "C" void host_quantize(const uint16_t* x, const float* gs, int per_row, uint8_t* packed, uint8_t* scales,
                              long long n_blocks, int blocks_per_row) {
    for (long long b = 0; b < n_blocks; ++b) {
        float xf[16];
        for (int i = 0; i < 16; ++i) xf[i] = to_float(x[16 * b + i]);
        unsigned int w[2];
        scales[b] = (uint8_t)quantize_block(xf, gs[per_row ? b / blocks_per_row : 0], w);
        memcpy(packed + 8 * b, w, 8);
    }
}
"""


@pytest.fixture(scope="module")
def host_lib(tmp_path_factory):
    """dtype, four_over_six -> ctypes function host_quantize built from the rendered template."""
    cxx = shutil.which("g++") or shutil.which("clang++")
    if cxx is None:
        pytest.skip("no host C++ compiler")
    d = tmp_path_factory.mktemp("host_quantize")
    libs = {}
    for dt in DTYPES:
        for fo in (False, True):
            src = d / f"q_{dt}_{int(fo)}.cpp"
            src.write_text(_HOST_PRELUDE + quantize.spec("sm80", dt, fo).render() + _HOST_HARNESS)
            so = src.with_suffix(".so")
            r = subprocess.run([cxx, "-std=c++17", "-O2", "-ffp-contract=off", "-fno-fast-math", "-shared", "-fPIC",
                                "-Wno-unknown-pragmas", "-o", str(so), str(src)], capture_output=True, text=True)
            if r.returncode:
                if "_Float16" in r.stderr:
                    pytest.skip(f"{cxx} has no _Float16")
                raise AssertionError(r.stderr)
            fn = ctypes.CDLL(str(so)).host_quantize
            fn.restype = None
            fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                           ctypes.c_longlong, ctypes.c_int]
            libs[dt, fo] = fn
    return libs


def _host_quantize(fn, x: torch.Tensor, gs: torch.Tensor):
    x = x.contiguous()
    M, K = x.shape
    g = gs.float().reshape(-1).contiguous()
    packed = torch.empty(M, K // 2, dtype=torch.uint8)
    scales = torch.empty(M, K // 16, dtype=torch.uint8)
    fn(x.data_ptr(), g.data_ptr(), int(g.numel() > 1 or gs.ndim > 0), packed.data_ptr(), scales.data_ptr(),
       M * K // 16, K // 16)
    return packed, scales


def _adversarial(dtype, K=64, seed=0) -> torch.Tensor:
    """Rows whose blocks hit every E2M1 rounding tie exactly, zero blocks, tiny and huge values, and noise."""
    g = torch.Generator().manual_seed(seed)
    ties = torch.tensor([0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.5, 0.1, 6.0])
    rows = []
    for e in (-12, -6, 0, 3, 8):  # amax = 6 * 2^e: the block scale is a power of two, so x / scale hits the ties
        r = ties.repeat(K // 16) * 2.0 ** e
        sign = torch.where(torch.rand(K, generator=g) < 0.5, -1.0, 1.0)
        rows.append(r * sign)
    # amax = 6 * m with m halfway between two E4M3 values (1 + (2j + 1)/16): with a unit global scale the block
    # scale is an E4M3 rounding tie, half of them with an odd lower neighbour
    m = 1.0 + (2 * torch.arange(K // 16) + 1) / 16.0
    rows.append((torch.rand(K // 16, 16, generator=g) * 6 * m[:, None]).index_fill(1, torch.tensor([5]), 0)
                .flatten() + torch.zeros(K).index_put_((torch.arange(5, K, 16),), 6 * m))
    for scale in (1e-2, 3e-3):  # unit global scale: E4M3-subnormal block scales (2^-9 .. 2^-6)
        rows.append(torch.randn(K, generator=g) * scale)
    rows.append(torch.zeros(K))
    rows.append(torch.randn(K, generator=g) * 1e-30)  # E4M3-subnormal / zero scales
    rows.append(torch.randn(K, generator=g) * 2e3)
    # magnitudes over 30 binades within one row (finite in fp16 too: inf / NaN are the "nonfinite" host case)
    rows.append(torch.randn(K, generator=g) * torch.exp2(torch.randint(-20, 11, (K,), generator=g).float()))
    return torch.stack(rows).to(DTYPES[dtype])


@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("four_over_six", [False, True])
@pytest.mark.parametrize("case", ["random", "adversarial", "per_row_given", "scale_one", "nonfinite"])
def test_host_emulation_bit_exact(host_lib, dtype, four_over_six, case):
    g = torch.Generator().manual_seed(1)
    if case == "random":
        x = (torch.randn(33, 256, generator=g) * 3).to(DTYPES[dtype])
    else:
        x = _adversarial(dtype)
    if case == "nonfinite":
        x[0, 3], x[1, 20], x[2, 40] = float("inf"), float("nan"), -float("inf")
    per_token = case in ("per_row_given",)
    if case == "nonfinite":
        gs = torch.tensor(0.01)  # (a computed global scale would be NaN for the whole tensor)
    elif case == "scale_one":
        gs = torch.tensor(1.0)  # with amax = 6 * 2^e the E4M3 scale is exactly 2^e: exercises the ties
    elif case == "per_row_given":
        gs = torch.rand(x.shape[0], 1, generator=g) * 0.1
    else:
        gs = numerics.global_scale_for(x, four_over_six, per_token)
    rp, rs, _ = numerics.quantize_nvfp4(x, gs, four_over_six=four_over_six)
    hp, hs = _host_quantize(host_lib[dtype, four_over_six], x, gs)
    assert torch.equal(hs, _as_bytes(rs)), (hs != _as_bytes(rs)).nonzero()[:5]
    assert torch.equal(hp, rp), (hp != rp).nonzero()[:5]


def test_host_emulation_global_scale_for_variants(host_lib):
    """Computed global scales, per tensor and per token, with and without 4over6."""
    x = (torch.randn(17, 128, generator=torch.Generator().manual_seed(2)) * 5).to(torch.bfloat16)
    for fo in (False, True):
        for pt in (False, True):
            rp, rs, gs = numerics.quantize_nvfp4(x, four_over_six=fo, per_token=pt)
            hp, hs = _host_quantize(host_lib["bf16", fo], x, gs)
            assert torch.equal(hs, _as_bytes(rs)) and torch.equal(hp, rp), (fo, pt)


# ----------------------------------------------------------------------------------------------------- GPU
SHAPES = [(1, 16), (1, 7168), (3, 16), (7, 48), (127, 256), (33, 7168), (2, 5, 64)]


def _poison_allocator(nbytes: int) -> None:
    """Fill cached allocator blocks with 0xAB so that outputs the kernel does not write are visibly wrong."""
    junk = [torch.full((max(nbytes, 512),), 0xAB, dtype=torch.uint8, device="cuda") for _ in range(4)]
    del junk


def _check_against_reference(x, gs=None, four_over_six=False, per_token=False):
    _poison_allocator(x.numel())
    packed, scales, g = quantize.quantize_nvfp4(x, gs, four_over_six=four_over_six, per_token=per_token)
    rp, rs, rg = numerics.quantize_nvfp4(x, gs, four_over_six=four_over_six, per_token=per_token)
    assert packed.dtype == torch.uint8 and packed.shape == rp.shape and packed.device == x.device
    assert scales.dtype == torch.float8_e4m3fn and scales.shape == rs.shape
    assert torch.equal(_as_bytes(scales), _as_bytes(rs)), "E4M3 block scales differ"
    assert torch.equal(packed, rp), "packed E2M1 codes differ"
    assert g.shape == rg.shape and torch.equal(g, rg.to(g.device)), "global scales differ"
    return packed, scales, g


@gpu
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("four_over_six", [False, True])
@pytest.mark.parametrize("per_token", [False, True])
def test_gpu_bit_exact(dtype, shape, four_over_six, per_token):
    g = torch.Generator(device="cuda").manual_seed(sum(shape) * 4 + int(four_over_six) * 2 + int(per_token))
    x = (torch.randn(shape, device="cuda", generator=g) * 2.5).to(DTYPES[dtype])
    _check_against_reference(x, four_over_six=four_over_six, per_token=per_token)


@gpu
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("four_over_six", [False, True])
def test_gpu_adversarial_and_given_scales(dtype, four_over_six):
    x = _adversarial(dtype, K=7168).cuda()
    _check_against_reference(x, torch.tensor(1.0, device="cuda"), four_over_six)  # exact ties
    _check_against_reference(x, 0.02, four_over_six)  # python float
    _check_against_reference(x, torch.tensor([0.5], device="cuda"), four_over_six)  # [1]
    per_row = torch.rand(x.shape[0], 1, device="cuda") * 0.1
    _check_against_reference(x, per_row, four_over_six)
    _check_against_reference(x, four_over_six=four_over_six, per_token=True)
    lo, hi = (-8, 8) if dtype == "bf16" else (-5, 4)  # magnitudes across many binades (fp16 overflows at 65504)
    wide = (torch.randn(64, 512, device="cuda") * torch.logspace(lo, hi, 512, device="cuda")).to(DTYPES[dtype])
    _check_against_reference(wide, four_over_six=four_over_six)


@gpu
def test_gpu_empty_and_misaligned():
    x = torch.empty(0, 64, dtype=torch.bfloat16, device="cuda")
    p, s, _ = quantize.quantize_nvfp4(x, 1.0)
    assert p.shape == (0, 32) and s.shape == (0, 4)
    base = torch.randn(4 * 64 + 8, device="cuda").to(torch.bfloat16)
    _check_against_reference(base[8:].view(4, 64))  # offset 16 bytes: aligned
    xu = base[1:257].view(4, 64)  # offset 2 bytes: quantized from an aligned copy
    assert xu.data_ptr() % 16
    _check_against_reference(xu)


@gpu
@pytest.mark.skipif(not torch.cuda.is_available() or torch.cuda.device_count() < 2, reason="needs 2 GPUs")
def test_gpu_second_device():
    x = torch.randn(9, 256, device="cuda:1").to(torch.bfloat16)
    packed, _, _ = _check_against_reference(x, per_token=True)
    assert packed.device == torch.device("cuda:1")
