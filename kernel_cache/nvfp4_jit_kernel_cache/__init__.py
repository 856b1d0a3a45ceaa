"""Prebuilt nvfp4-jit kernels: a read-only cache layer.

nvfp4-jit finds this package without importing it (``importlib.util.find_spec``) and looks for kernels in its
``cubins/`` folder before the user cache and before compiling. The folder is filled by
``nvfp4-jit warmup --arch ... --output <this folder>/cubins`` (see kernel_cache/README.md); ``cubins/manifest.json``
records the nvfp4-jit and NVRTC versions it was built with and the kernels it holds.
"""
from pathlib import Path

CUBIN_DIR = Path(__file__).with_name("cubins")
