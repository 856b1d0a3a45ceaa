"""Shared pytest setup: tests marked ``@pytest.mark.gpu`` are skipped when no CUDA GPU is available, and those marked
``@pytest.mark.sm90a`` (the wgmma kernels) unless GPU 0 is an SM90a (Hopper) GPU."""
import pytest
import torch


def pytest_configure(config):
    config.addinivalue_line("markers", "gpu: needs a CUDA GPU (skipped without one)")
    config.addinivalue_line("markers", "sm90a: needs an SM90a (Hopper) GPU as cuda:0 (skipped elsewhere)")


def _sm90a() -> bool:
    if not torch.cuda.is_available():
        return False
    from nvfp4_jit import jit

    return jit.device_arch(0) == "sm_90a"


def pytest_collection_modifyitems(config, items):
    gpu = torch.cuda.is_available()
    hopper = _sm90a()
    no_gpu = pytest.mark.skip(reason="needs a CUDA GPU")
    no_hopper = pytest.mark.skip(reason="the wgmma kernels are SM90a (Hopper) only")
    for item in items:
        if "gpu" in item.keywords and not gpu:
            item.add_marker(no_gpu)
        elif "sm90a" in item.keywords and not hopper:
            item.add_marker(no_hopper)
