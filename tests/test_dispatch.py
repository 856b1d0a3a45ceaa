"""Backend dispatch: decisions with the GPU mocked (CPU), the real decision (GPU)."""
import logging

import pytest
import torch

from nvfp4_jit import dispatch

GPUS = {0: ("NVIDIA H100 80GB HBM3", (9, 0)), 1: ("NVIDIA B200", (10, 0)), 2: ("Tesla V100-SXM2-16GB", (7, 0)),
        3: ("NVIDIA GeForce RTX 5090", (12, 0)), 4: ("Tesla T4", (7, 5)), 5: ("NVIDIA A100-SXM4-80GB", (8, 0))}


@pytest.fixture
def gpus(monkeypatch):
    """Six fake GPUs of mixed generations; torch supports FP4 scaled matmuls."""
    calls = []

    def cap(i):
        calls.append(i)
        return GPUS[i][1]

    monkeypatch.setattr(torch.cuda, "get_device_capability", cap)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda i: GPUS[i][0])
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(dispatch, "native_support", lambda: (True, ""))
    monkeypatch.delenv(dispatch.ENV, raising=False)
    dispatch.reset()
    yield calls
    dispatch.reset()


def test_auto_per_device(gpus):
    assert dispatch.backend(0) == "marlin"  # H100
    assert dispatch.backend("cuda:1") == "native"  # B200
    assert dispatch.backend(torch.device("cuda", 3)) == "native"  # RTX 5090 (SM120)
    assert dispatch.backend(4) == "marlin"  # T4 (SM75)
    assert dispatch.backend(5) == "marlin"  # A100
    assert dispatch.backend() == "marlin"  # current device = 0
    assert dispatch.backend(torch.device("cuda")) == "marlin"


def test_below_sm75_names_the_gpu(gpus):
    with pytest.raises(dispatch.UnsupportedGPUError, match=r"V100.*cuda:2.*7\.0.*SM75"):
        dispatch.backend(2)


def test_env_override(gpus, monkeypatch):
    monkeypatch.setenv(dispatch.ENV, "marlin")
    assert dispatch.backend(1) == "marlin"  # Blackwell may be forced onto marlin
    monkeypatch.setenv(dispatch.ENV, " Native ")
    assert dispatch.backend(1) == "native"
    with pytest.raises(dispatch.UnsupportedGPUError, match=r"native.*H100.*SM100"):
        dispatch.backend(0)
    monkeypatch.setenv(dispatch.ENV, "auto")
    assert dispatch.backend(0) == "marlin"


def test_invalid_env(gpus, monkeypatch):
    monkeypatch.setenv(dispatch.ENV, "cutlass")
    with pytest.raises(ValueError, match="NVFP4_JIT_BACKEND='cutlass'.*auto, marlin, native"):
        dispatch.backend(0)


def test_native_unsupported_by_torch(gpus, monkeypatch, caplog):
    monkeypatch.setattr(dispatch, "native_support", lambda: (False, "torch 2.3 has no torch.float4_e2m1fn_x2"))
    with caplog.at_level(logging.WARNING, logger="nvfp4_jit.dispatch"):
        assert dispatch.backend(1) == "marlin"  # auto falls back, with a warning
    assert "float4_e2m1fn_x2" in caplog.text
    monkeypatch.setenv(dispatch.ENV, "native")
    with pytest.raises(dispatch.UnsupportedGPUError, match="float4_e2m1fn_x2"):
        dispatch.backend(1)


def test_cached_and_logged_once_per_device(gpus, caplog):
    with caplog.at_level(logging.INFO, logger="nvfp4_jit.dispatch"):
        for _ in range(3):
            dispatch.backend(0)
            dispatch.backend(1)
    assert gpus == [0, 1]  # capability queried once per device
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert "cuda:0" in lines[0] and "marlin" in lines[0] and "cuda:1" in lines[1] and "native" in lines[1]


def test_not_cuda():
    with pytest.raises(ValueError, match="CUDA"):
        dispatch.backend("cpu")


def test_native_support_this_torch():
    ok, why = dispatch.native_support()
    assert ok == (hasattr(torch, "float4_e2m1fn_x2") and (torch.version.cuda is None or
                                                         tuple(map(int, torch.version.cuda.split(".")[:2])) >= (12, 8)))
    assert ok or why


@pytest.mark.gpu
def test_real_devices():
    dispatch.reset()
    for i in range(torch.cuda.device_count()):
        major, minor = torch.cuda.get_device_capability(i)
        want = "native" if major >= 10 and dispatch.native_support()[0] else "marlin"
        assert dispatch.backend(i) == want
