"""``nvfp4-jit`` CLI (nvfp4_jit/cli.py) on CPU: warmup (user cache and shipped layer), info, cache."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nvfp4_jit import cli, jit


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """A private user cache, no shipped layers from the environment, an empty memo."""
    monkeypatch.setenv("NVFP4_JIT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setenv("NVFP4_JIT_KERNEL_CACHE", "")
    monkeypatch.setattr(jit, "_memo", {})
    # only the layers named by NVFP4_JIT_KERNEL_CACHE: an installed nvfp4_jit_kernel_cache must not leak in here
    monkeypatch.setattr(jit, "shipped_cache_dirs", lambda: [
        Path(p) for p in os.environ.get("NVFP4_JIT_KERNEL_CACHE", "").split(os.pathsep) if p and Path(p).is_dir()])


def summary(out: str) -> str:
    return [line for line in out.splitlines() if line.startswith("built ")][-1]


def test_warmup_twice_second_run_compiles_nothing(capsys, tmp_path):
    argv = ["warmup", "--arch", "sm80", "--arch", "sm_120a", "--family", "quantize", "--jobs", "2", "-q"]
    n = len(jit.all_specs("sm80", ["quantize"])) + len(jit.all_specs("sm120a", ["quantize"]))
    assert cli.main(argv) == 0
    assert summary(capsys.readouterr().out) == f"built {n}, cached 0, failed 0"
    assert cli.main(argv) == 0
    assert summary(capsys.readouterr().out) == f"built 0, cached {n}, failed 0"
    assert len(list((tmp_path / "user-cache").glob("*.cubin"))) == n


def test_warmup_output_is_a_shipped_layer_the_runtime_uses(capsys, tmp_path, monkeypatch):
    out = tmp_path / "layer"
    assert cli.main(["warmup", "--arch", "8.0", "--family", "quantize", "--output", str(out), "-q"]) == 0
    specs = jit.all_specs("sm80", ["quantize"])
    assert summary(capsys.readouterr().out) == f"built {len(specs)}, cached 0, failed 0"
    assert not list((tmp_path / "user-cache").glob("*.cubin"))  # the user cache is left alone
    assert not list(out.glob("*.lock"))
    manifest = json.loads((out / cli.MANIFEST).read_text())
    assert manifest["nvfp4_jit"] == jit.__version__ and manifest["archs"] == ["sm_80"]
    assert len(manifest["entries"]) == len(specs) == len(list(out.glob("*.cubin")))

    monkeypatch.setenv("NVFP4_JIT_KERNEL_CACHE", str(out))
    monkeypatch.setenv("NVFP4_JIT_CACHE_DIR", str(tmp_path / "empty-user-cache"))
    for s in specs:
        assert jit.build(s).origin == "shipped"
    assert not (tmp_path / "empty-user-cache").exists()  # nothing compiled, nothing written
    # warming the user cache now needs nothing: every variant is in the shipped layer
    assert cli.main(["warmup", "--arch", "sm80", "--family", "quantize", "-q", "-j", "1"]) == 0
    assert summary(capsys.readouterr().out) == f"built 0, cached {len(specs)}, failed 0"


def test_warmup_reports_failures_with_nonzero_exit(capsys, monkeypatch):
    monkeypatch.setitem(jit._REGISTRY, "_broken", lambda arch: [
        jit.KernelSpec.make("_selftest.cu.j2", "selftest", arch, value=1.0, broken=True),
        jit.KernelSpec.make("_selftest.cu.j2", "selftest", arch, value=2.0, broken=False)])
    assert cli.main(["warmup", "--arch", "sm80", "--family", "_broken", "-q", "-j", "2"]) == 1
    cap = capsys.readouterr()
    assert summary(cap.out) == "built 1, cached 0, failed 1"
    assert "FAILED selftest[sm_80](broken=True" in cap.err and "NVRTC log" in cap.err


def test_warmup_bad_arch_and_family(capsys):
    with pytest.raises(SystemExit) as ei:
        cli.main(["warmup", "--arch", "sm70"])
    assert ei.value.code == 2 and "SM75" in capsys.readouterr().err
    assert cli.main(["warmup", "--arch", "sm80", "--family", "nope"]) == 2
    assert "unknown kernel families" in capsys.readouterr().err


def test_cache_path_list_clear(capsys, tmp_path):
    cache = tmp_path / "user-cache"
    assert cli.main(["cache", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(cache)
    assert cli.main(["warmup", "--arch", "sm86", "--family", "quantize", "-q", "-j", "1"]) == 0
    n = len(jit.all_specs("sm86", ["quantize"]))
    capsys.readouterr()
    assert cli.main(["cache", "list"]) == 0
    out = capsys.readouterr().out
    assert f"{n} kernels" in out and "nvfp4_quantize-sm_86-" in out
    assert cli.main(["cache", "clear"]) == 0
    assert f"removed {n} kernels" in capsys.readouterr().out
    assert not list(cache.glob("*.cubin*"))


def test_info_without_gpu(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    for want in ("nvfp4-jit", "torch", "NVRTC", "cache dir:"):
        assert want in out
    import torch

    if not torch.cuda.is_available():
        assert "GPU: none visible" in out


def test_console_entry_point_runs():
    r = subprocess.run([sys.executable, "-m", "nvfp4_jit.cli", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and jit.__version__ in r.stdout
