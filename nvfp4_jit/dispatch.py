"""Which backend runs FP4 layers on a given GPU, decided per device (cuda:0 and cuda:1 may differ).

    SM >= 100 (Blackwell, SM100/SM120)  -> "native": W4A4, activations quantized to NVFP4, cuBLASLt FP4 GEMM via
                                           torch._scaled_mm (needs a torch with float4_e2m1fn_x2, CUDA >= 12.8)
    SM75 .. SM9x (Turing .. Hopper)     -> "marlin": W4A16, FP4 weights dequantized in registers (marlin.py)
    below SM75                          -> UnsupportedGPUError naming the GPU and its capability

``NVFP4_JIT_BACKEND=auto|marlin|native`` overrides "auto". Forcing "native" on a GPU or torch that cannot run it
raises; "marlin" may be forced anywhere from SM75 on. The choice is logged once per device and cached per
(device index, requested backend).
"""
from __future__ import annotations

import logging
import os
import threading

import torch

log = logging.getLogger(__name__)

ENV = "NVFP4_JIT_BACKEND"
BACKENDS = ("marlin", "native")
_cache: dict[tuple[int, str], str] = {}
_lock = threading.Lock()


class UnsupportedGPUError(RuntimeError):
    """The GPU is older than SM75 (Turing) or cannot run the requested backend."""


def requested() -> str:
    """The value of NVFP4_JIT_BACKEND ('auto' when unset); a clear ValueError for anything else."""
    v = os.environ.get(ENV, "auto").strip().lower() or "auto"
    if v not in ("auto", *BACKENDS):
        raise ValueError(f"{ENV}={os.environ.get(ENV)!r} is not valid; use one of: auto, marlin, native")
    return v


def native_support() -> tuple[bool, str]:
    """(whether this torch build can run the FP4 scaled matmul, why not)."""
    if not hasattr(torch, "float4_e2m1fn_x2") or not hasattr(torch, "float8_e4m3fn"):
        return False, f"torch {torch.__version__} has no torch.float4_e2m1fn_x2 dtype (needs torch >= 2.8)"
    if not hasattr(torch, "_scaled_mm"):
        return False, f"torch {torch.__version__} has no torch._scaled_mm"
    cuda = torch.version.cuda
    if cuda is not None and tuple(int(p) for p in cuda.split(".")[:2]) < (12, 8):
        return False, f"torch is built against CUDA {cuda}; cuBLASLt FP4 GEMMs need CUDA >= 12.8"
    return True, ""


def device_index(device=None) -> int:
    if device is None:
        return torch.cuda.current_device()
    if isinstance(device, int):
        return device
    device = torch.device(device)
    if device.type != "cuda":
        raise ValueError(f"nvfp4-jit backends run on CUDA devices, got {device}")
    return device.index if device.index is not None else torch.cuda.current_device()


def choose(sm: int, name: str, index: int, req: str) -> str:
    """The pure decision (no caching, no logging): SM as 10 * major + minor."""
    where = f"{name} (cuda:{index}, compute capability {sm // 10}.{sm % 10})"
    if sm < 75:
        raise UnsupportedGPUError(f"{where} is not supported: nvfp4-jit needs SM75 (Turing) or newer")
    ok, why = native_support()
    if req == "native":
        if sm < 100:
            raise UnsupportedGPUError(f"{ENV}=native, but {where} has no native FP4 tensor cores (needs SM100+)")
        if not ok:
            raise UnsupportedGPUError(f"{ENV}=native, but {why}")
        return "native"
    if req == "marlin":
        return "marlin"
    if sm >= 100 and not ok:
        log.warning("nvfp4-jit: %s could run native FP4 GEMMs, but %s; using marlin", where, why)
    return "native" if sm >= 100 and ok else "marlin"


@torch.compiler.assume_constant_result
def backend(device=None) -> str:
    """'marlin' or 'native' for ``device`` (an index, 'cuda:1', torch.device or None for the current device)."""
    idx = device_index(device)
    req = requested()
    key = (idx, req)
    got = _cache.get(key)
    if got is None:
        with _lock:
            got = _cache.get(key)
            if got is None:
                major, minor = torch.cuda.get_device_capability(idx)
                name = torch.cuda.get_device_name(idx)
                got = choose(10 * major + minor, name, idx, req)
                log.info("nvfp4-jit: cuda:%d %s (SM%d%d) -> %s backend (%s=%s)", idx, name, major, minor, got,
                         ENV, req)
                _cache[key] = got
    return got


def reset() -> None:
    """Forget the cached decisions (tests; after changing NVFP4_JIT_BACKEND at run time the cache key changes
    anyway)."""
    with _lock:
        _cache.clear()
