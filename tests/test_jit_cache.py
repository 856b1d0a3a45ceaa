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


def test_launch_pdl_arguments_and_fallback(monkeypatch, caplog):
    """The cuLaunchKernelEx call that launch_pdl builds (no GPU: a stand-in for the driver function): CUDA's struct
    sizes, grid / block / shared memory / stream, the programmatic-serialization attribute and the argument
    pointers; a launch error disables PDL with one warning and makes the caller launch normally; without a driver
    it is unavailable."""
    import ctypes

    import numpy as np

    assert ctypes.sizeof(jit._LaunchAttr) == 72 and ctypes.sizeof(jit._LaunchConfig) == 56  # as in cuda.h
    seen = {}

    def fake(cfg_ref, fn_ptr, ptrs, extra):
        cfg = ctypes.cast(cfg_ref, ctypes.POINTER(jit._LaunchConfig)).contents
        seen.update(grid=tuple(cfg.grid), block=tuple(cfg.block), smem=cfg.smem, stream=cfg.stream,
                    attr=(cfg.attrs[0].id, cfg.attrs[0].value[0], cfg.num_attrs), fn=fn_ptr.value, extra=extra,
                    args=(ctypes.c_uint64.from_address(ptrs[0]).value, ctypes.c_int32.from_address(ptrs[1]).value,
                          ctypes.c_float.from_address(ptrs[2]).value, ctypes.c_int64.from_address(ptrs[3]).value))
        return seen.setdefault("result", 0)

    monkeypatch.setattr(jit, "_pdl_launch", [fake])
    params = (np.uint64(0xDEADBEEF00), np.int32(-7), np.float32(1.5), np.int64(1 << 40))
    assert jit.launch_pdl(0x1234, (5, 3), (256,), 4096, 0x99, params)
    assert seen == dict(grid=(5, 3, 1), block=(256, 1, 1), smem=4096, stream=0x99, attr=(6, 1, 1), fn=0x1234,
                        extra=None, args=(0xDEADBEEF00, -7, 1.5, 1 << 40), result=0)
    seen.clear()
    seen["result"] = 1  # CUDA_ERROR_INVALID_VALUE
    with caplog.at_level(logging.WARNING, logger="nvfp4_jit.jit"):
        assert not jit.launch_pdl(0x1234, (1,), (32,), 0, 0, params)
        assert not jit.launch_pdl(0x1234, (1,), (32,), 0, 0, params)  # disabled: no second call, no second log
    assert jit._pdl_launch == [None] and sum("cuLaunchKernelEx" in r.message for r in caplog.records) == 1

    def no_driver(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(jit, "_pdl_launch", [])
    monkeypatch.setattr(ctypes, "CDLL", no_driver)
    assert not jit.launch_pdl(0x1234, (1,), (32,), 0, 0, params) and jit._pdl_launch == [None]


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


def test_pdl_argument_packing():
    """launch_pdl's argument buffer: each pointer addresses exactly the bytes of its argument (mixed widths, so the
    native alignment padding shows), the layout is cached per type signature, unknown types are a clear error."""
    import ctypes

    import numpy as np

    params = (np.uint64(2**63 + 5), np.int32(-3), np.int64(-7), np.float32(1.5), np.int32(9), np.uint64(1))
    for _ in range(2):  # (the second time from the cached layout)
        ptrs, buf = jit.pack_params(params)
        for i, p in enumerate(params):
            assert ctypes.string_at(ptrs[i], p.nbytes) == np.array(p).tobytes()
    with pytest.raises(TypeError, match="numpy scalars"):
        jit.pack_params((np.float64(1.0),))


def test_kernel_argument_conversion():
    """_args: tensors -> uint64 pointers, None -> null, bool / int -> int32, float -> float32, numpy scalars kept;
    ints beyond int32 are an error rather than a silent wrap."""
    import numpy as np
    import torch

    t = torch.zeros(4)
    got = jit._args((t, None, True, -5, 2.5, np.int64(2**40), np.uint64(7)))
    want = (np.uint64(t.data_ptr()), np.uint64(0), np.int32(1), np.int32(-5), np.float32(2.5), np.int64(2**40),
            np.uint64(7))
    assert all(type(g) is type(w) and g == w for g, w in zip(got, want)) and len(got) == len(want)
    with pytest.raises(OverflowError, match="int32"):
        jit._args((2**31,))
