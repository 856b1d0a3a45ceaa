"""JIT pipeline and disk cache (nvfp4_jit/jit.py), on CPU with NVRTC: no GPU needed.

Uses the tiny templates/_selftest.cu.j2 kernel, except for the CI test that compiles every shipped variant for
every arch in jit.ARCHS.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from nvfp4_jit import cli, jit


def selftest_spec(value: float = 1.5, arch: str = "sm_80", broken: bool = False) -> jit.KernelSpec:
    return jit.KernelSpec.make("_selftest.cu.j2", "selftest", arch, value=value, broken=broken)


def check_cubin(cubin: bytes, arch: str) -> None:
    """A complete CUDA ELF for exactly ``arch``: magic, EM_CUDA, SM in e_flags, header tables inside the file."""
    assert cubin[:4] == b"\x7fELF" and cubin[4] == 2  # ELF64
    (e_machine,) = struct.unpack_from("<H", cubin, 18)
    e_phoff, e_shoff, e_flags = struct.unpack_from("<QQI", cubin, 32)
    e_phentsize, e_phnum, e_shentsize, e_shnum = struct.unpack_from("<HHHH", cubin, 54)
    assert e_machine == 190  # EM_CUDA
    assert (e_flags >> 8) & 0xFF == jit.arch_sm(arch)
    assert max(e_phoff + e_phnum * e_phentsize, e_shoff + e_shnum * e_shentsize) <= len(cubin)


@pytest.fixture(autouse=True)
def fresh_jit_state(monkeypatch, tmp_path):
    """An empty memo, no shipped layers, the read-only warning not yet given, a private user cache."""
    monkeypatch.setattr(jit, "_memo", {})
    monkeypatch.setattr(jit, "_warned_readonly", False)
    monkeypatch.setenv("NVFP4_JIT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setattr(jit, "shipped_cache_dirs", lambda: [])


# ------------------------------------------------------------------------------------------------- build
def test_compile_then_disk_then_memo(tmp_path):
    s = selftest_spec()
    b = jit.build(s)
    assert b.origin == "compiled"
    check_cubin(b.cubin, "sm_80")
    path = tmp_path / "user-cache" / b.filename
    assert jit.unpack_entry(path.read_bytes()) == b.cubin
    assert jit.build(s).origin == "memo"
    jit._memo.clear()
    b2 = jit.build(s)
    assert b2.origin == "disk" and b2.cubin == b.cubin


_CHILD = r"""
import hashlib, json, sys, time
from pathlib import Path
from nvfp4_jit import jit

compile_ = jit._compile
def slow_compile(*a):  # widen the window in which the other processes find no entry yet
    time.sleep(0.5)
    return compile_(*a)
jit._compile = slow_compile

go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.001)
b = jit.build(jit.KernelSpec.make("_selftest.cu.j2", "selftest", "sm_80", value=float(sys.argv[2]), broken=False))
print(json.dumps({"origin": b.origin, "sha": hashlib.sha256(b.cubin).hexdigest()}))
"""


def test_concurrent_processes_compile_once(tmp_path):
    cache = tmp_path / "shared-cache"
    go = tmp_path / "go"
    env = {**os.environ, "NVFP4_JIT_CACHE_DIR": str(cache), "NVFP4_JIT_KERNEL_CACHE": ""}
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, str(go), "2.25"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    go.touch()  # all four start building at (nearly) the same moment
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    origins = sorted(r["origin"] for r in results)
    assert origins == ["compiled", "disk", "disk", "disk"], origins
    assert len({r["sha"] for r in results}) == 1
    (entry,) = cache.glob("*.cubin")
    assert hashlib.sha256(jit.unpack_entry(entry.read_bytes())).hexdigest() == results[0]["sha"]
    assert not list(cache.glob("*.tmp"))


@pytest.mark.parametrize("damage", ["truncate", "flip_payload_byte", "flip_header_byte", "empty"])
def test_corrupt_entry_is_detected_and_rebuilt(tmp_path, caplog, damage):
    cache = tmp_path / "c"
    b = jit.build(selftest_spec(), cache_dir=cache)
    path = cache / b.filename
    blob = bytearray(path.read_bytes())
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "flip_payload_byte":
        blob[len(blob) // 2] ^= 0x40
    elif damage == "flip_header_byte":
        blob[3] ^= 0x01
    else:
        blob = bytearray()
    path.write_bytes(bytes(blob))
    with caplog.at_level(logging.WARNING, logger="nvfp4_jit.jit"):
        b2 = jit.build(selftest_spec(), cache_dir=cache)  # (an explicit cache_dir bypasses the memo)
    assert b2.origin == "compiled" and b2.cubin == b.cubin
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    assert jit.unpack_entry(path.read_bytes()) == b.cubin  # rebuilt on disk


def test_unpack_entry_rejects_garbage():
    good = jit.pack_entry(b"\x7fELF" + bytes(100))
    assert jit.unpack_entry(good) == b"\x7fELF" + bytes(100)
    assert jit.unpack_entry(good + b"x") is None
    assert jit.unpack_entry(b"") is None
    assert jit.unpack_entry(b"NVFP4JIT") is None


def _readonly_warnings(caplog):
    return [r for r in caplog.records if "not writable" in r.getMessage()]


def test_cache_dir_under_a_file_falls_back_to_memory(tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    cache = blocker / "cache"  # cannot be created
    with caplog.at_level(logging.WARNING, logger="nvfp4_jit.jit"):
        b1 = jit.build(selftest_spec(1.0), cache_dir=cache)
        b2 = jit.build(selftest_spec(2.0), cache_dir=cache)
    assert b1.origin == b2.origin == "memory"
    check_cubin(b1.cubin, "sm_80")
    assert len(_readonly_warnings(caplog)) == 1  # one warning, not one per kernel


def test_read_only_cache_dir_falls_back_to_memory(tmp_path, caplog, monkeypatch):
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(0o555)
    if os.geteuid() == 0:  # root may write anyway: emulate the permission check failing for this directory
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == cache and mode & os.W_OK
                            else real_access(p, mode, **kw))
    try:
        with caplog.at_level(logging.WARNING, logger="nvfp4_jit.jit"):
            b1 = jit.build(selftest_spec(3.0), cache_dir=cache)
            b2 = jit.build(selftest_spec(4.0), cache_dir=cache)
        assert b1.origin == b2.origin == "memory"
        assert len(_readonly_warnings(caplog)) == 1
        assert not list(cache.iterdir())
    finally:
        cache.chmod(0o755)


def test_missing_cache_dir_is_created(tmp_path):
    cache = tmp_path / "does" / "not" / "exist"
    assert jit.build(selftest_spec(), cache_dir=cache).origin == "compiled"
    assert len(list(cache.glob("*.cubin"))) == 1


# -------------------------------------------------------------------------------------------------- keys
def test_different_compile_options_give_different_entries(tmp_path, monkeypatch):
    s = selftest_spec()
    src = s.render()
    opts = jit.compile_options(s.arch)
    assert jit.cache_key(s, src, opts) != jit.cache_key(s, src, opts + ("-lineinfo",))
    assert jit.cache_key(s, src, opts) == jit.cache_key(s, src, opts + ("-I/some/other/include",))  # paths only
    cache = tmp_path / "c"
    b1 = jit.build(s, cache_dir=cache)
    monkeypatch.setattr(jit, "COMPILE_OPTIONS", jit.COMPILE_OPTIONS + ("-lineinfo",))
    b2 = jit.build(s, cache_dir=cache)
    assert b2.origin == "compiled" and b2.key != b1.key
    assert len(list(cache.glob("*.cubin"))) == 2


def test_key_covers_source_arch_nvrtc_and_package_version(monkeypatch):
    s = selftest_spec()
    src, opts = s.render(), jit.compile_options(s.arch)
    k = jit.cache_key(s, src, opts)
    assert k != jit.cache_key(s, src + "\n", opts)
    s90 = selftest_spec(arch="sm_90a")
    assert k != jit.cache_key(s90, src, opts)
    monkeypatch.setattr(jit, "nvrtc_version", lambda: (99, 0))
    assert k != jit.cache_key(s, src, opts)
    monkeypatch.undo()
    monkeypatch.setattr(jit, "__version__", "0.0.0-test")
    assert k != jit.cache_key(s, src, opts)


# ------------------------------------------------------------------------------------------------ errors
def test_compile_error_shows_log_and_source_path(tmp_path):
    cache = tmp_path / "c"
    with pytest.raises(jit.CompileError) as ei:
        jit.build(selftest_spec(broken=True), cache_dir=cache)
    msg = str(ei.value)
    assert "NVRTC log" in msg and "error" in msg and "selftest[sm_80]" in msg
    path = Path(msg.split("Rendered source: ")[1].splitlines()[0])
    assert path.is_file() and "this line is not C++" in path.read_text()
    assert not list(cache.glob("*.cubin"))
    path.unlink()


@pytest.mark.parametrize("given,want", [
    ("sm80", "sm_80"), ("sm_80", "sm_80"), ("80", "sm_80"), ("8.0", "sm_80"), ((8, 6), "sm_86"),
    ("SM_86", "sm_86"), (" sm89 ", "sm_89"), ("compute_75", "sm_75"), ("sm_75", "sm_75"), ("sm90", "sm_90a"),
    ("sm_90a", "sm_90a"), ("9.0", "sm_90a"), ("sm100", "sm_100a"), ("sm_100a", "sm_100a"), ("12.0", "sm_120a"),
    ("sm_120a", "sm_120a"),
])
def test_normalize_arch(given, want):
    assert jit.normalize_arch(given) == want
    assert jit.normalize_arch(want) == want


@pytest.mark.parametrize("bad,match", [
    ("sm70", "not supported"), ((6, 1), "not supported"), ("7.0", "not supported"), ("banana", "cannot parse"),
    ("", "cannot parse"), ("sm_8", "cannot parse"),
])
def test_normalize_arch_errors(bad, match):
    with pytest.raises(ValueError, match=match):
        jit.normalize_arch(bad)


def test_arch_sm():
    assert [jit.arch_sm(a) for a in jit.ARCHS] == [75, 80, 86, 89, 90, 100, 120]


def test_all_specs_families():
    assert {"quantize", "marlin", "moe"} <= set(jit.families())
    q = jit.all_specs("sm80", ["quantize"])
    assert q and all(s.template == "quantize.cu.j2" for s in q)
    assert set(q) <= set(jit.all_specs("sm80"))
    with pytest.raises(ValueError, match="unknown kernel families"):
        jit.all_specs("sm80", ["no-such-family"])


# ----------------------------------------------------------------------------------- CI: every variant
@pytest.mark.parametrize("arch", jit.ARCHS)
def test_every_shipped_variant_compiles(arch, tmp_path):
    """What CI checks on a machine without a GPU: every registered variant compiles with NVRTC for every arch."""
    specs = jit.all_specs(arch)
    assert specs
    results = cli.build_all(specs, tmp_path, jobs=os.cpu_count(), use_shipped=False, progress=False)
    failed = [(s.label(), err) for s, origin, _, err in results if origin != "compiled"]
    assert not failed, failed[:3]
    for s, _, fname, _ in results:
        check_cubin(jit.unpack_entry((tmp_path / fname).read_bytes()), arch)


def test_occupancy_is_asked_once_per_device_threads_and_smem(monkeypatch):
    """Kernel.occupancy (the split-K rule's CTAs per SM) asks CUDA once per (device, threads, smem) and opts the
    kernel in to more than 48 KiB of shared memory first, as a launch does (no GPU: the driver calls are stubbed)."""
    from types import SimpleNamespace

    from cupy_backends.cuda.api import driver

    calls, attrs = [], []
    monkeypatch.setattr(driver, "occupancyMaxActiveBlocksPerMultiprocessor",
                        lambda fn, threads, smem: calls.append((fn, threads, smem)) or 3)
    monkeypatch.setattr(driver, "funcSetAttribute", lambda fn, attr, value: attrs.append((fn, value)))
    k = jit.Kernel(jit.KernelSpec.make("_selftest.cu.j2", "selftest", "sm_80"))
    monkeypatch.setattr(k, "function", lambda device: SimpleNamespace(ptr=1000 + device))
    assert k.occupancy(0, 256, 1024) == 3 and k.occupancy(0, 256, 1024) == 3
    assert calls == [(1000, 256, 1024)] and attrs == []
    assert k.occupancy(0, 256, 100 * 1024) == 3
    assert calls[-1] == (1000, 256, 100 * 1024) and attrs == [(1000, 100 * 1024)]


def test_kernel_argument_conversion():
    """_convert: tensors -> uint64 pointers, None -> null, bool / int -> int32, float -> float32, numpy scalars keep
    their width; ints beyond int32 are an error rather than a silent wrap, unsupported types a clear TypeError."""
    import numpy as np
    import torch

    t = torch.zeros(4)
    with pytest.raises(OverflowError, match="int32"):
        jit._convert((2**31,))
    types, values = jit._convert((t, None, True, -5, 2.5, np.int64(2**40), np.uint64(7), np.float32(0.5)))
    assert types == "QQiifqQf" and values == [t.data_ptr(), 0, 1, -5, 2.5, 2**40, 7, 0.5]
    assert all(type(v) in (int, float) for v in values)
    with pytest.raises(OverflowError, match="int32"):
        jit._convert((-(2**31) - 1,))
    with pytest.raises(TypeError, match="unsupported kernel argument type int16"):
        jit._convert((np.int16(1),))


def test_prepared_launch(monkeypatch, caplog):
    """jit.Launch, through which every kernel launches (no GPU: stand-ins for the kernel and the driver function):
    CUDA's struct sizes; every argument lands in its own bytes of the buffer the pointer array addresses (mixed
    widths, native alignment); grid / block / shared memory / stream as given, the PDL attribute only when asked. A
    PDL launch that fails is launched again without PDL, and PDL stays off; any other launch error raises; without
    cuLaunchKernelEx it launches through CuPy with numpy scalars of the same widths."""
    import ctypes
    from types import SimpleNamespace

    assert ctypes.sizeof(jit._LaunchAttr) == 72 and ctypes.sizeof(jit._LaunchConfig) == 56  # as in cuda.h
    smem_opt, cupy_calls = [], []

    class CupyFunction:  # CuPy's launcher (used only without cuLaunchKernelEx)
        ptr = 0x4321

        def __call__(self, grid, block, params, **kw):
            cupy_calls.append((grid, block, params, kw))

    kernel = SimpleNamespace(_fn={0: CupyFunction()}, spec=SimpleNamespace(label=lambda: "k[sm_90a]()"),
                             _opt_in_smem=lambda fn, device, smem: smem_opt.append((fn.ptr, device, smem)))
    run = jit.Launch(kernel, 0, (7, 2), (128,), 65536, "QiqfQi")
    assert smem_opt == [(0x4321, 0, 65536)]
    calls, results = [], []

    def fake(cfg_ref, fn_ptr, ptrs, extra):
        cfg = ctypes.cast(cfg_ref, ctypes.POINTER(jit._LaunchConfig)).contents
        calls.append(dict(grid=tuple(cfg.grid), block=tuple(cfg.block), smem=cfg.smem, stream=cfg.stream,
                          attrs=cfg.num_attrs and (cfg.attrs[0].id, cfg.attrs[0].value[0]), fn=fn_ptr.value,
                          extra=extra, args=(ctypes.c_uint64.from_address(ptrs[0]).value,
                                             ctypes.c_int32.from_address(ptrs[1]).value,
                                             ctypes.c_int64.from_address(ptrs[2]).value,
                                             ctypes.c_float.from_address(ptrs[3]).value,
                                             ctypes.c_uint64.from_address(ptrs[4]).value,
                                             ctypes.c_int32.from_address(ptrs[5]).value)))
        return results.pop(0) if results else 0

    monkeypatch.setattr(jit, "_launch_ex", [fake])
    monkeypatch.setattr(jit, "_pdl_ok", [True])
    n0 = jit.stats["pdl_launches"]
    run(0x99, 2**63 + 5, -3, -(2**40), 1.5, 0, 9)
    assert calls == [dict(grid=(7, 2, 1), block=(128, 1, 1), smem=65536, stream=0x99, attrs=0, fn=0x4321, extra=None,
                          args=(2**63 + 5, -3, -(2**40), 1.5, 0, 9))]
    run(0x98, 1, 2, 3, 4.0, 5, 6, pdl=True)
    assert jit.stats["pdl_launches"] == n0 + 1
    assert calls[-1]["attrs"] == (6, 1) and calls[-1]["args"] == (1, 2, 3, 4.0, 5, 6) and calls[-1]["stream"] == 0x98
    calls.clear()
    results[:] = [1, 0]  # the PDL launch fails (CUDA_ERROR_INVALID_VALUE), the plain one after it succeeds
    with caplog.at_level(logging.WARNING, logger="nvfp4_jit.jit"):
        run(0x98, 1, 2, 3, 4.0, 5, 6, pdl=True)
        run(0x98, 1, 2, 3, 4.0, 5, 6, pdl=True)  # PDL is off now: one plain launch, no second warning
    assert [c["attrs"] for c in calls] == [(6, 1), 0, 0] and jit._pdl_ok == [False]
    assert jit.stats["pdl_launches"] == n0 + 1 and sum("cuLaunchKernelEx" in r.message for r in caplog.records) == 1
    results[:] = [98]
    with pytest.raises(RuntimeError, match=r"k\[sm_90a\].*CUresult 98"):
        run(0x98, 1, 2, 3, 4.0, 5, 6)
    monkeypatch.setattr(jit, "_launch_ex", [None])  # no cuLaunchKernelEx: CuPy's launcher, numpy scalars, no PDL
    monkeypatch.setattr(jit, "_stream", lambda ptr, device: ("stream", ptr, device))
    calls.clear()
    run(0x98, 1, 2, 3, 4.0, 5, 6, pdl=True)
    assert not calls and len(cupy_calls) == 1
    grid, block, params, kw = cupy_calls[0]
    assert grid == (7, 2) and block == (128,) and kw == dict(shared_mem=65536, stream=("stream", 0x98, 0))
    assert [type(p).__name__ for p in params] == ["uint64", "int32", "int64", "float32", "uint64", "int32"]
    assert [p.item() for p in params] == [1, 2, 3, 4.0, 5, 6] and jit.stats["pdl_launches"] == n0 + 1

    def no_driver(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(jit, "_launch_ex", [])
    monkeypatch.setattr(ctypes, "CDLL", no_driver)
    assert jit._launch_fn() is None and jit._launch_ex == [None]


def test_gemm_plan_key_follows_the_tuning_environment(monkeypatch):
    """marlin.gemm reuses its launch plans per call shape; the environment overrides that change its decisions are
    part of the key, read on every call (no GPU needed)."""
    from nvfp4_jit import marlin

    monkeypatch.delenv("NVFP4_JIT_MARLIN_CONFIG", raising=False)
    before = marlin._env_state()
    monkeypatch.setenv("NVFP4_JIT_MARLIN_CONFIG", "1,1,4,2,2,1")
    after = marlin._env_state()
    assert before != after and marlin._ENV[0] == "NVFP4_JIT_MARLIN_CONFIG"
    monkeypatch.delenv("NVFP4_JIT_MARLIN_CONFIG")
    assert marlin._env_state() == before
    for name in ("NVFP4_JIT_WGMMA", "NVFP4_JIT_WGMMA_CONFIG", "NVFP4_JIT_MARLIN_MAX_M", "NVFP4_JIT_PDL"):
        assert name in marlin._ENV


def test_moe_plan_key_follows_the_environment(monkeypatch):
    """moe.fused_moe reuses its launch plans likewise: the overrides that change its decisions (GEMM configs, PDL,
    the resident GEMM 2) are part of its key."""
    from nvfp4_jit import moe

    for name in ("NVFP4_JIT_MARLIN_CONFIG", "NVFP4_JIT_PDL", "NVFP4_JIT_MOE_DOWN"):
        monkeypatch.delenv(name, raising=False)
        before = moe._env_state()
        monkeypatch.setenv(name, "0")
        assert moe._env_state() != before
        monkeypatch.delenv(name)
        assert moe._env_state() == before
