"""Imports every kernel family so that each registers its variants with ``jit.register_variants``.

Adding a kernel module = adding one import here; ``nvfp4-jit warmup`` and the CI compile test then pick it up.
"""
import importlib

KERNEL_MODULES = ("quantize", "marlin", "moe")

for _m in KERNEL_MODULES:
    try:
        importlib.import_module(f"{__package__}.{_m}")
    except ModuleNotFoundError as e:  # a family not written yet
        if e.name != f"{__package__}.{_m}":
            raise
