"""Imports every kernel family so that each registers its variants with ``jit.register_variants``.

Adding a kernel module = adding one import here; ``nvfp4-jit warmup`` and the CI compile test then pick it up.
None of these imports CuPy or compiles anything.
"""
from . import marlin, moe, quantize  # noqa: F401
