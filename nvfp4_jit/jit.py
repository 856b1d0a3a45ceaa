"""The one place for JIT compilation, caching and launching.

    KernelSpec --render (Jinja2)--> CUDA source --NVRTC (via CuPy)--> cubin for the exact arch
               --> layered disk cache --> CuPy module per device --> launch on torch's current stream.

Cache layers, searched in order:
  1. an in-process memo;
  2. read-only shipped layers: the directories in ``NVFP4_JIT_KERNEL_CACHE`` (os.pathsep separated) and the
     ``cubins/`` folder of an installed ``nvfp4_jit_kernel_cache`` package (see ``kernel_cache/``);
  3. the user cache: ``NVFP4_JIT_CACHE_DIR`` or platformdirs' user cache dir. Writes are atomic (temp file +
     os.replace) and guarded by one filelock per key, so N processes compiling the same kernel compile it once.
A corrupt entry is detected by its checksum, logged and rebuilt. If the user cache cannot be written the kernel
is compiled in memory and one warning is logged.

Nothing here imports CuPy or compiles at import time.
"""
from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import json
import logging
import os
import struct
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

from ._version import __version__

log = logging.getLogger(__name__)

ARCHS = ("sm_75", "sm_80", "sm_86", "sm_89", "sm_90a", "sm_100a", "sm_120a")
COMPILE_OPTIONS = ("--std=c++17",)


class CompileError(RuntimeError):
    """NVRTC rejected a rendered kernel; the message holds the NVRTC log and the rendered source path."""


# --------------------------------------------------------------------------------------------- arch helpers
def normalize_arch(arch: Any) -> str:
    """'sm80', 'sm_80', '80', '8.0', (8, 0), 'sm90', 'sm_90a' -> canonical 'sm_80' / 'sm_90a'.

    SM90 and newer get the arch-specific 'a' target: cubins are built for the exact chip anyway.
    """
    if isinstance(arch, tuple):
        major, minor = arch
    else:
        s = str(arch).lower().strip().removeprefix("sm").removeprefix("_").removeprefix("compute_")
        s = s.rstrip("af")
        if "." in s:
            major, minor = (int(p) for p in s.split("."))
        elif s.isdigit() and len(s) >= 2:
            major, minor = int(s[:-1]), int(s[-1])
        else:
            raise ValueError(f"cannot parse GPU arch {arch!r}; expected e.g. sm80, sm_90a, 8.6")
    sm = major * 10 + minor
    if sm < 75:
        raise ValueError(f"arch sm_{sm} is not supported: nvfp4-jit needs SM75 (Turing) or newer")
    return f"sm_{sm}a" if major >= 9 else f"sm_{sm}"


def arch_sm(arch: str) -> int:
    """'sm_90a' -> 90."""
    return int(normalize_arch(arch)[3:].rstrip("a"))


_device_arch: dict[int, str] = {}


def device_arch(device=None) -> str:
    """Arch of a CUDA device (index, torch.device or None = current), cached per device."""
    import torch

    idx = torch.cuda._get_device_index(device, optional=True)
    a = _device_arch.get(idx)
    if a is None:
        a = _device_arch[idx] = normalize_arch(torch.cuda.get_device_capability(idx))
    return a


# ------------------------------------------------------------------------------------------------ templates
def template_dir() -> Path:
    """Templates ship inside the wheel as nvfp4_jit/templates; in a source checkout they are ../templates."""
    packaged = Path(__file__).with_name("templates")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "templates"


_jinja_env = None


def _env():
    global _jinja_env
    if _jinja_env is None:
        import jinja2

        _jinja_env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir())),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _jinja_env


@dataclasses.dataclass(frozen=True)
class KernelSpec:
    """A kernel variant: template file, kernel symbol, exact arch and the specialisation parameters."""

    template: str
    name: str
    arch: str
    params: tuple = ()

    @classmethod
    def make(cls, template: str, name: str, arch: str, **params) -> "KernelSpec":
        return cls(template, name, normalize_arch(arch), tuple(sorted(params.items())))

    @property
    def sm(self) -> int:
        return arch_sm(self.arch)

    def render(self) -> str:
        return _env().get_template(self.template).render(
            kernel_name=self.name, arch=self.arch, sm=self.sm, **dict(self.params)
        )

    def label(self) -> str:
        p = ",".join(f"{k}={v}" for k, v in self.params)
        return f"{self.name}[{self.arch}]({p})"


# ------------------------------------------------------------------------------------------- variant registry
_REGISTRY: dict[str, Callable[[str], Iterable[KernelSpec]]] = {}


def register_variants(family: str):
    """Decorator: ``fn(arch) -> iterable of KernelSpec`` lists every variant a kernel family ships for an arch.
    ``nvfp4-jit warmup`` and the CI compile test walk this registry."""

    def deco(fn):
        _REGISTRY[family] = fn
        return fn

    return deco


def families() -> list[str]:
    """Names of the registered kernel families (e.g. 'quantize', 'marlin')."""
    from . import kernels  # noqa: F401  (importing the kernel modules registers their variants)

    return list(_REGISTRY)


def all_specs(arch: str, families: Iterable[str] | None = None) -> list[KernelSpec]:
    """Every variant the package ships for ``arch`` (optionally only those of the named families)."""
    from . import kernels  # noqa: F401  (importing the kernel modules registers their variants)

    arch = normalize_arch(arch)
    if families is not None:
        families = list(families)
        unknown = sorted(set(families) - set(_REGISTRY))
        if unknown:
            raise ValueError(f"unknown kernel families {unknown}; registered: {sorted(_REGISTRY)}")
    specs: list[KernelSpec] = []
    for family, fn in _REGISTRY.items():
        if families is None or family in families:
            specs.extend(fn(arch))
    return list(dict.fromkeys(specs))


# ------------------------------------------------------------------------------------------------- NVRTC
def _nvrtc():
    from cupy_backends.cuda.libs import nvrtc

    return nvrtc


_nvrtc_ver: tuple[int, int] | None = None


def nvrtc_version() -> tuple[int, int]:
    """(major, minor) of NVRTC, part of every cache key.

    CuPy's first ``nvrtc.getVersion()`` costs ~0.25 s, which would dominate a warm cache load, so the version is
    asked through ctypes from the library that CuPy's loader (cuda.pathfinder) finds; ``_compile`` checks that
    CuPy's NVRTC agrees. Without cuda.pathfinder (older CuPy) CuPy is asked."""
    global _nvrtc_ver
    if _nvrtc_ver is None:
        _nvrtc_ver = _nvrtc_version_ctypes() or tuple(_nvrtc().getVersion())
    return _nvrtc_ver


_nvrtc_lib: list = []


def _nvrtc_ctypes():
    """libnvrtc through ctypes (the library CuPy's loader, cuda.pathfinder, finds; else by soname), or None."""
    if not _nvrtc_lib:
        import ctypes

        lib = None
        try:
            from cuda.pathfinder import load_nvidia_dynamic_lib

            lib = ctypes.CDLL(load_nvidia_dynamic_lib("nvrtc").abs_path)
        except Exception as e:  # ImportError, a loader error, ...
            log.debug("nvfp4-jit: cuda.pathfinder could not load NVRTC (%s)", e)
            try:
                lib = ctypes.CDLL(f"libnvrtc.so.{_nvrtc().getVersion()[0]}")
            except OSError as e2:  # pragma: no cover  (another platform's library name)
                log.debug("nvfp4-jit: no libnvrtc through ctypes (%s)", e2)
        _nvrtc_lib.append(lib)
    return _nvrtc_lib[0]


def _nvrtc_version_ctypes() -> tuple[int, int] | None:
    import ctypes

    lib = _nvrtc_ctypes()
    major, minor = ctypes.c_int(), ctypes.c_int()
    if lib is not None and lib.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor)) == 0:
        return major.value, minor.value
    return None


_include_dirs_cache: list[str] | None = None


def include_dirs() -> list[str]:
    """CUDA headers: the pip wheels (nvidia-cuda-runtime / -cu12) first, then CUDA_HOME/CUDA_PATH, /usr/local/cuda."""
    global _include_dirs_cache
    if _include_dirs_cache is None:
        found: list[str] = []
        try:
            import nvidia

            for base in nvidia.__path__:
                for sub in ("cu13/include", "cuda_runtime/include", "cu12/include"):
                    p = Path(base) / sub
                    if (p / "cuda_fp16.h").is_file():
                        found.append(str(p))
        except ImportError:
            pass
        for env in ("CUDA_HOME", "CUDA_PATH"):
            if os.environ.get(env):
                found.append(os.path.join(os.environ[env], "include"))
        found.append("/usr/local/cuda/include")
        _include_dirs_cache = [d for d in dict.fromkeys(found) if os.path.isfile(os.path.join(d, "cuda_fp16.h"))]
    return _include_dirs_cache


def compile_options(arch: str) -> tuple[str, ...]:
    return (f"--gpu-architecture={arch}",) + COMPILE_OPTIONS + tuple(f"-I{d}" for d in include_dirs())


def _compile(spec: KernelSpec, source: str, options: tuple[str, ...]) -> bytes:
    nvrtc = _nvrtc()
    if tuple(nvrtc.getVersion()) != nvrtc_version():  # the key must name the compiler that built the entry
        log.warning("nvfp4-jit: CuPy uses NVRTC %s but the cache key says %s", nvrtc.getVersion(), nvrtc_version())
    prog = nvrtc.createProgram(source, f"{spec.name}.cu", [], [])
    try:
        try:
            nvrtc.compileProgram(prog, list(options))
        except nvrtc.NVRTCError as e:
            fd, path = tempfile.mkstemp(prefix=f"nvfp4_jit_{spec.name}_", suffix=".cu")
            with os.fdopen(fd, "w") as f:
                f.write(source)
            raise CompileError(
                f"NVRTC failed to compile {spec.label()} ({e}).\nRendered source: {path}\n"
                f"NVRTC log:\n{nvrtc.getProgramLog(prog)}"
            ) from None
        return _get_cubin(prog)
    finally:
        nvrtc.destroyProgram(prog)


def _get_cubin(prog) -> bytes:
    """The whole cubin of a compiled program.

    CuPy's ``nvrtc.getCUBIN`` strips the last byte, as if the cubin were a NUL-terminated PTX string: the result
    still loads (a Python bytes object is followed by a NUL in memory) but it is not a valid ELF file on disk. So
    read it with nvrtcGetCUBINSize/nvrtcGetCUBIN from the libnvrtc CuPy already loaded (dlopen of the same file
    returns that same library)."""
    import ctypes

    cubin = _nvrtc().getCUBIN(prog)
    lib = _nvrtc_ctypes()
    size = ctypes.c_size_t()
    if lib is not None and lib.nvrtcGetCUBINSize(ctypes.c_void_p(prog), ctypes.byref(size)) == 0 \
            and size.value > len(cubin):
        buf = ctypes.create_string_buffer(size.value)
        if lib.nvrtcGetCUBIN(ctypes.c_void_p(prog), buf) == 0:
            return buf.raw
    return cubin


# ------------------------------------------------------------------------------------------------ disk cache
_MAGIC = b"NVFP4JIT\x01"
_HEADER = struct.Struct("<9s32sQ")  # magic, sha256(payload), len(payload)


def pack_entry(cubin: bytes) -> bytes:
    return _HEADER.pack(_MAGIC, hashlib.sha256(cubin).digest(), len(cubin)) + cubin


def unpack_entry(blob: bytes) -> bytes | None:
    """The cubin, or None if the entry is truncated or corrupt."""
    if len(blob) < _HEADER.size:
        return None
    magic, digest, n = _HEADER.unpack_from(blob)
    payload = blob[_HEADER.size :]
    if magic != _MAGIC or n != len(payload) or hashlib.sha256(payload).digest() != digest:
        return None
    return payload


def user_cache_dir() -> Path:
    env = os.environ.get("NVFP4_JIT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("nvfp4-jit"))


def shipped_cache_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("NVFP4_JIT_KERNEL_CACHE", "").split(os.pathsep) if p]
    import importlib.util

    spec = importlib.util.find_spec("nvfp4_jit_kernel_cache")
    if spec is not None and spec.submodule_search_locations:
        dirs += [Path(p) / "cubins" for p in spec.submodule_search_locations]
    return [d for d in dirs if d.is_dir()]


@dataclasses.dataclass
class Built:
    spec: KernelSpec
    key: str
    cubin: bytes
    origin: str  # "memo", "shipped", "disk", "compiled", "memory" (compiled, not cached)

    @property
    def filename(self) -> str:
        return entry_filename(self.spec, self.key)


def entry_filename(spec: KernelSpec, key: str) -> str:
    return f"{spec.name}-{spec.arch}-{key[:32]}.cubin"


def cache_key(spec: KernelSpec, source: str, options: tuple[str, ...]) -> str:
    # Include dirs are machine-specific paths: hash what they resolve to (the headers' version), not where.
    opts = [o for o in options if not o.startswith("-I")]
    blob = json.dumps([_KEY_FORMAT, source, list(nvrtc_version()), opts, spec.arch, __version__])
    return hashlib.sha256(blob.encode()).hexdigest()


_KEY_FORMAT = 2  # bump when what a cache entry holds changes (2: whole cubins, see _get_cubin)
_memo: dict[str, bytes] = {}
_memo_lock = threading.Lock()
_warned_readonly = False


def _read(path: Path) -> bytes | None:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    cubin = unpack_entry(blob)
    if cubin is None:
        log.warning("nvfp4-jit: corrupt kernel cache entry %s; rebuilding it", path)
    return cubin


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def build(spec: KernelSpec, cache_dir: Path | None = None, use_shipped: bool = True) -> Built:
    """Return the cubin for ``spec``: from memo, shipped layers, the disk cache, or by compiling (once)."""
    global _warned_readonly
    source = spec.render()
    options = compile_options(spec.arch)
    key = cache_key(spec, source, options)
    with _memo_lock:
        if key in _memo and cache_dir is None:
            return Built(spec, key, _memo[key], "memo")
    fname = entry_filename(spec, key)
    if use_shipped:
        for d in shipped_cache_dirs():
            p = d / fname
            if p.exists() and (cubin := _read(p)) is not None:
                return _remember(Built(spec, key, cubin, "shipped"))

    directory = Path(cache_dir) if cache_dir is not None else user_cache_dir()
    path = directory / fname
    if path.exists() and (cubin := _read(path)) is not None:
        return _remember(Built(spec, key, cubin, "disk"))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not os.access(directory, os.W_OK):  # (some filelock versions retry a read-only lock file until timeout)
            raise PermissionError(f"no write permission on {directory}")
        from filelock import FileLock

        lock = FileLock(str(path) + ".lock", timeout=600)
        lock.acquire()
    except OSError as e:
        if not _warned_readonly:
            log.warning("nvfp4-jit: kernel cache %s is not writable (%s); compiling in memory", directory, e)
            _warned_readonly = True
        return _remember(Built(spec, key, _compile(spec, source, options), "memory"))
    try:
        if path.exists() and (cubin := _read(path)) is not None:  # another process built it while we waited
            return _remember(Built(spec, key, cubin, "disk"))
        log.info("nvfp4-jit: compiling %s", spec.label())
        cubin = _compile(spec, source, options)
        try:
            _atomic_write(path, pack_entry(cubin))
        except OSError as e:
            log.warning("nvfp4-jit: could not write kernel cache entry %s (%s)", path, e)
        return _remember(Built(spec, key, cubin, "compiled"))
    finally:
        lock.release()


def _remember(b: Built) -> Built:
    with _memo_lock:
        _memo[b.key] = b.cubin
    return b


# ------------------------------------------------------------------------------------------------- launch
class Kernel:
    """A compiled kernel, loaded lazily per device, launched on torch's current stream of that device."""

    def __init__(self, spec: KernelSpec):
        self.spec = spec
        self._fn: dict[int, Any] = {}
        self._modules: dict[int, Any] = {}  # keep each device's module alive with its function
        self._smem: dict[int, int] = {}
        self._carveout: dict[int, int] = {}
        self._occupancy: dict[tuple[int, int, int], int] = {}
        self._launches: dict[tuple, Launch] = {}

    def function(self, device: int):
        fn = self._fn.get(device)
        if fn is None:
            import cupy

            cubin = build(self.spec).cubin
            with cupy.cuda.Device(device):
                mod = cupy.cuda.function.Module()
                mod.load(cubin)
                fn = mod.get_function(self.spec.name)
            self._modules[device] = mod
            self._fn[device] = fn
        return fn

    def _opt_in_smem(self, fn, device: int, smem: int) -> None:
        if smem > 48 * 1024 and self._smem.get(device, 0) < smem:  # opt in to more than 48 KiB
            from cupy_backends.cuda.api import driver

            driver.funcSetAttribute(fn.ptr, driver.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem)
            self._smem[device] = smem

    def occupancy(self, device: int, threads: int, smem: int = 0) -> int:
        """CTAs of ``threads`` threads and ``smem`` bytes of dynamic shared memory that fit on one SM of ``device``
        at once (registers and shared memory of the compiled kernel; loads it, no launch; cached)."""
        key = (device, threads, smem)
        if key not in self._occupancy:
            from cupy_backends.cuda.api import driver

            fn = self._fn.get(device) or self.function(device)
            with _on_device(device):
                self._opt_in_smem(fn, device, smem)
                self._occupancy[key] = driver.occupancyMaxActiveBlocksPerMultiprocessor(fn.ptr, threads, smem)
        return self._occupancy[key]

    def set_carveout(self, device: int, carveout: int) -> None:
        """Preferred shared memory share of the SM for this kernel on ``device`` (percent; set once per value), e.g.
        100 for a kernel beside which a PDL dependent that needs much shared memory should become resident (an SM
        only changes its split when it is idle)."""
        if self._carveout.get(device) != carveout:
            from cupy_backends.cuda.api import driver

            fn = self._fn.get(device) or self.function(device)
            driver.funcSetAttribute(fn.ptr, driver.CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT, carveout)
            self._carveout[device] = carveout

    def __call__(self, grid, block, args, smem: int = 0, device: int | None = None, pdl: bool = False) -> None:
        """Launch on torch's current stream of ``device`` (default: the first tensor argument's device).
        Tensors are passed as device pointers, Python ints as int32, floats as float32, None as a null pointer;
        numpy scalars keep their width. pdl: programmatic dependent launch (SM90+: the kernel may start before the
        previous kernel in the stream has finished, once that kernel's CTAs have all signalled
        griddepcontrol.launch_dependents or exited); the kernel must wait (griddepcontrol.wait) before it reads
        what the previous kernel writes. Goes through a jit.Launch cached per (device, grid, block, shared memory,
        argument types). (The shared memory carveout is set with set_carveout.)"""
        import torch

        if device is None:
            device = next((a.device.index for a in args if isinstance(a, torch.Tensor)), None)
            if device is None:
                device = torch.cuda.current_device()
        types, values = _convert(args)
        grid, block = tuple(grid), tuple(block)
        key = (device, grid, block, smem, types)
        run = self._launches.get(key)
        if run is None:
            if len(self._launches) >= 256:  # (grids that follow the token count: start over, do not grow)
                self._launches.clear()
            run = self._launches[key] = Launch(self, device, grid, block, smem, types)
        run(_raw_stream(device), *values, pdl=pdl)


def _on_device(device: int):
    """CuPy's current device set to ``device`` where there are several GPUs; a no-op context with one."""
    if not _multi_gpu():
        return contextlib.nullcontext()
    import cupy

    return cupy.cuda.Device(device)


class _LaunchAttr(ctypes.Structure):  # CUlaunchAttribute: id, padding, a 64-byte value union
    _fields_ = [("id", ctypes.c_int), ("pad", ctypes.c_char * 4), ("value", ctypes.c_int * 16)]


class _LaunchConfig(ctypes.Structure):  # CUlaunchConfig
    _fields_ = [("grid", ctypes.c_uint * 3), ("block", ctypes.c_uint * 3), ("smem", ctypes.c_uint),
                ("stream", ctypes.c_void_p), ("attrs", ctypes.POINTER(_LaunchAttr)), ("num_attrs", ctypes.c_uint)]


stats = {"pdl_launches": 0}  # (tests check that a path really launched with PDL)
_U3 = ctypes.c_uint * 3
_STRUCT_CHARS = {"uint64": "Q", "int64": "q", "uint32": "I", "int32": "i", "float32": "f"}
_NUMPY: dict = {}  # struct character -> numpy scalar type (CuPy's launcher; filled on first use)
_PROGRAMMATIC_STREAM_SERIALIZATION = 6  # CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION
_CUDA_ERROR_INVALID_CONTEXT = 201
_launch_ex: list = []  # [cuLaunchKernelEx] once looked up, [None] where it is unavailable
_tmap_enc: list = []  # [cuTensorMapEncodeTiled] once looked up, [None] where it is unavailable
_pdl_ok = [True]  # False once a PDL launch failed: launches go without PDL from then on
_pdl_attr: list = []  # [pointer to the one CUlaunchAttribute], made once


def _driver_fn(name: str, cache: list, instead: str):
    """libcuda's entry point ``name`` through ctypes, looked up once into ``cache``: [fn], or [None] where the driver
    lacks it (logged once, with what happens instead)."""
    if not cache:
        try:
            cache.append(getattr(ctypes.CDLL("libcuda.so.1"), name))
        except (OSError, AttributeError) as e:
            log.info("nvfp4-jit: %s unavailable (%s); %s", name, e, instead)
            cache.append(None)
    return cache[0]


def _launch_fn():
    """cuLaunchKernelEx (driver API, through ctypes: CuPy has no launch attributes), or None where it is unavailable
    (no CUDA 12 driver; logged once)."""
    return _driver_fn("cuLaunchKernelEx", _launch_ex, "launching through CuPy, without PDL")


def has_tensor_maps() -> bool:
    """Whether the driver can encode TMA tensor maps (cuTensorMapEncodeTiled)."""
    return _driver_fn("cuTensorMapEncodeTiled", _tmap_enc, "kernels run without tensor maps") is not None


def tensor_map(ptr: int, dims, strides, box) -> bytes | None:
    """A CUtensorMap (128 bytes, to be copied to the device) for tiled TMA copies of the tensor at ``ptr`` viewed as
    8-byte elements: dims and box innermost first (elements), strides of the outer dims (bytes). No interleave, no
    swizzle, 128-byte L2 promotion, zeros out of bounds. None where the driver has no encoder or rejects it (logged)."""
    enc = _driver_fn("cuTensorMapEncodeTiled", _tmap_enc, "kernels run without tensor maps")
    if enc is None:
        return None
    r = len(dims)
    u64, u32 = ctypes.c_uint64, ctypes.c_uint32
    raw = ctypes.create_string_buffer(128 + 64)
    base = (ctypes.addressof(raw) + 63) & ~63  # a CUtensorMap is 64-byte aligned
    err = enc(ctypes.c_void_p(base), 4, r, ctypes.c_void_p(ptr), (u64 * r)(*dims), (u64 * (r - 1))(*strides),
              (u32 * r)(*box), (u32 * r)(*[1] * r), 0, 0, 2, 0)  # UINT64; interleave, swizzle none; L2 128 B; zeros
    if err:
        log.warning("nvfp4-jit: cuTensorMapEncodeTiled failed (CUresult %d) for dims %s, box %s", err, tuple(dims),
                    tuple(box))
        return None
    return ctypes.string_at(base, 128)


def _pdl_attrs():
    """Pointer to the one CUlaunchAttribute: programmatic stream serialization on."""
    if not _pdl_attr:
        attr = _LaunchAttr(id=_PROGRAMMATIC_STREAM_SERIALIZATION)
        attr.value[0] = 1
        _pdl_attr.append(ctypes.pointer(attr))
    return _pdl_attr[0]


class Launch:
    """A prepared launch of one kernel on one device: fixed grid, block, dynamic shared memory and argument types
    (``types``: struct characters, Q for a pointer, i int32, q int64, f float32). Calling it with the argument
    values (Python ints / floats; pointers as ints, 0 for null) packs them with one precompiled struct into its own
    buffer, which its argument pointer array already addresses, and calls cuLaunchKernelEx on ``stream``; a lock
    keeps concurrent callers from sharing the buffer. pdl: programmatic stream serialization (see
    Kernel.__call__). Where cuLaunchKernelEx is unavailable it launches through CuPy (without PDL). A PDL launch
    that fails is launched again without PDL, and PDL is off from then on (logged); a thread without a current CUDA
    context retries on the device's; any other launch error raises."""

    def __init__(self, kernel: "Kernel", device: int, grid, block, smem: int, types: str):
        import struct
        import threading

        fn = kernel._fn.get(device) or kernel.function(device)
        kernel._opt_in_smem(fn, device, smem)
        self.kernel, self.device, self._cupy_fn, self._types = kernel, device, fn, types
        self._grid, self._block, self._smem = tuple(grid), tuple(block), smem
        self._fn = ctypes.c_void_p(fn.ptr)
        self._st = struct.Struct("@" + types)
        self._buf = ctypes.create_string_buffer(max(1, self._st.size))
        offsets = [struct.calcsize("@" + types[:i + 1]) - struct.calcsize(c) for i, c in enumerate(types)]
        base = ctypes.addressof(self._buf)
        self._ptrs = (ctypes.c_void_p * max(1, len(types)))(*[base + o for o in offsets])
        self._cfg = _LaunchConfig(_U3(*grid, *[1] * (3 - len(grid))), _U3(*block, *[1] * (3 - len(block))), smem,
                                  None, None, 0)
        self._lock = threading.Lock()

    def __call__(self, stream: int, *values, pdl: bool = False) -> None:
        fn = _launch_fn()
        if fn is None:  # CuPy's launcher (no PDL), numpy scalars of the same widths
            import numpy as np

            if not _NUMPY:
                _NUMPY.update({c: np.dtype(name).type for name, c in _STRUCT_CHARS.items()})
            params = tuple(_NUMPY[c](v) for c, v in zip(self._types, values))
            with _on_device(self.device):
                self._cupy_fn(self._grid, self._block, params, shared_mem=self._smem,
                              stream=_stream(stream, self.device))
            return
        pdl = pdl and _pdl_ok[0]
        with self._lock:
            self._st.pack_into(self._buf, 0, *values)
            cfg = self._cfg
            cfg.stream = stream
            if pdl:
                cfg.attrs, cfg.num_attrs = _pdl_attrs(), 1
            else:
                cfg.num_attrs = 0
            with _on_device(self.device):
                err = fn(ctypes.byref(cfg), self._fn, self._ptrs, None)
            if err == _CUDA_ERROR_INVALID_CONTEXT:  # a thread that has not used CUDA yet: the device's context
                import cupy

                with cupy.cuda.Device(self.device):
                    err = fn(ctypes.byref(cfg), self._fn, self._ptrs, None)
            if err and pdl:
                log.warning("nvfp4-jit: cuLaunchKernelEx with programmatic dependent launch failed (CUresult %d); "
                            "launching without PDL from now on", err)
                _pdl_ok[0] = False
                cfg.num_attrs, pdl = 0, False
                with _on_device(self.device):
                    err = fn(ctypes.byref(cfg), self._fn, self._ptrs, None)
        if err:
            raise RuntimeError(f"nvfp4-jit: launching {self.kernel.spec.label()} failed (CUresult {err})")
        if pdl:
            stats["pdl_launches"] += 1


def _raw_stream(device: int) -> int:
    import torch

    try:
        return torch._C._cuda_getCurrentRawStream(device)  # no Stream object: a few µs less per launch
    except AttributeError:  # pragma: no cover
        return torch.cuda.current_stream(device).cuda_stream


_n_gpus: list[int] = []


def _multi_gpu() -> bool:
    if not _n_gpus:
        import torch

        _n_gpus.append(torch.cuda.device_count())
    return _n_gpus[0] > 1


_kernels: dict[KernelSpec, Kernel] = {}
_streams: dict[tuple[int, int], Any] = {}


def get_kernel(spec: KernelSpec) -> Kernel:
    k = _kernels.get(spec)
    if k is None:
        k = _kernels[spec] = Kernel(spec)
    return k


def _stream(ptr: int, device: int):
    s = _streams.get((ptr, device))
    if s is None:
        import warnings

        import cupy

        with warnings.catch_warnings():  # CuPy 14 deprecates ExternalStream; from_external needs a stream object
            warnings.simplefilter("ignore", DeprecationWarning)
            s = _streams[(ptr, device)] = cupy.cuda.ExternalStream(ptr, device)
    return s


def _i32(a) -> int:
    if not -(2**31) <= a < 2**31:
        raise OverflowError(f"int kernel argument {a} does not fit int32; pass np.int64 explicitly")
    return int(a)


def _null(a) -> int:
    return 0


def _converter(t: type):
    """-> (struct character, value function) for kernel arguments of type t (see _convert)."""
    import numpy as np
    import torch

    if issubclass(t, torch.Tensor):
        return "Q", t.data_ptr
    if t is type(None):
        return "Q", _null
    if issubclass(t, (bool, int)):
        return "i", _i32
    if issubclass(t, float):
        return "f", float
    if issubclass(t, np.generic) and np.dtype(t).name in _STRUCT_CHARS:
        return _STRUCT_CHARS[np.dtype(t).name], t.item
    raise TypeError(f"unsupported kernel argument type {t.__name__}")


_signatures: dict[tuple, tuple] = {}


def _convert(args) -> tuple[str, list]:
    """Kernel arguments -> (struct characters, values) for Launch: tensors as Q (a uint64 device pointer), None as
    a null Q, bool / int as i (int32), float as f (float32); numpy scalars keep their width (Q q I i f). The
    conversion is looked up once per tuple of argument types."""
    sig = tuple(map(type, args))
    conv = _signatures.get(sig)
    if conv is None:
        try:
            pairs = [_converter(t) for t in sig]
        except TypeError as e:
            raise TypeError(f"{e} in kernel arguments {sig}") from None
        conv = _signatures[sig] = ("".join(c for c, _ in pairs), tuple(f for _, f in pairs))
    types, funcs = conv
    return types, [f(a) for f, a in zip(funcs, args)]


def warmup(specs: Iterable[KernelSpec]) -> None:
    """Compile (or load) kernels ahead of e.g. CUDA-graph capture."""
    for s in specs:
        build(s)


def gpu_available() -> bool:
    try:
        import torch

        return torch.cuda.is_available()
    except Exception:  # pragma: no cover
        return False


