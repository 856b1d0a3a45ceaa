"""nvfp4-jit: NVFP4 / MXFP4 kernels for SM75-SM120, compiled at first use with NVRTC (no nvcc, no build step).

Importing registers the torch ops (``torch.ops.nvfp4_jit.*``); it neither imports CuPy nor compiles anything.
"""
import logging

from ._version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

from . import kernels  # noqa: E402,F401  (registers kernel variants for warmup)
from . import ops  # noqa: E402,F401  (registers torch.ops.nvfp4_jit.*; imports no CuPy, compiles nothing)
