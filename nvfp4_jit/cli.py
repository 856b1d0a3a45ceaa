"""``nvfp4-jit`` command line: warm up the kernel cache (no GPU needed), inspect the setup, manage the cache.

    nvfp4-jit warmup --arch sm80 [--arch sm90a ...] [--family quantize ...] [--output DIR] [--jobs N]
    nvfp4-jit info
    nvfp4-jit cache list|clear|path
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import logging
import multiprocessing
import os
import sys
from pathlib import Path

from . import jit
from ._version import __version__

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"  # written next to the cubins of a shipped layer (--output)


# ------------------------------------------------------------------------------------------------ warmup
def _build_one(spec: jit.KernelSpec, cache_dir: str | None, use_shipped: bool) -> tuple[str, str, str]:
    """Worker: (origin, entry filename, error message or ''). origin 'failed' on any error."""
    try:
        b = jit.build(spec, cache_dir=Path(cache_dir) if cache_dir else None, use_shipped=use_shipped)
        return b.origin, b.filename, ""
    except Exception as e:  # a failed variant must not stop the others
        return "failed", "", f"{type(e).__name__}: {e}"


def build_all(specs, cache_dir: Path | None = None, jobs: int | None = None, use_shipped: bool = True,
              progress: bool = True) -> list[tuple[jit.KernelSpec, str, str, str]]:
    """Compile or load every spec, in ``jobs`` processes; [(spec, origin, filename, error)] in spec order.

    cache_dir None means the user cache (read from disk, never the in-process memo, so that the origins say
    what is on disk)."""
    from tqdm import tqdm

    specs = list(specs)
    target = str(cache_dir if cache_dir is not None else jit.user_cache_dir())
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(specs) or 1))
    results: dict[int, tuple[str, str, str]] = {}
    bar = tqdm(total=len(specs), desc="nvfp4-jit warmup", unit="kernel", disable=not progress or None)
    try:
        if jobs == 1:
            for i, s in enumerate(specs):
                results[i] = _build_one(s, target, use_shipped)
                bar.update()
        else:
            # fork where available: no re-import of torch per worker (nothing here has initialised CUDA)
            ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
            with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                futs = {pool.submit(_build_one, s, target, use_shipped): i for i, s in enumerate(specs)}
                for f in cf.as_completed(futs):
                    results[futs[f]] = f.result()
                    bar.update()
    finally:
        bar.close()
    return [(s, *results[i]) for i, s in enumerate(specs)]


def _write_manifest(out: Path, results, archs) -> None:
    entries = {fn: s.label() for s, origin, fn, _ in results if fn}
    old = {}
    if (out / MANIFEST).is_file():  # a layer may be built in several runs (e.g. one per arch)
        try:
            old = json.loads((out / MANIFEST).read_text()).get("entries", {})
        except (OSError, ValueError):
            pass
    manifest = {"nvfp4_jit": __version__, "nvrtc": list(jit.nvrtc_version()),
                "archs": sorted({s.arch for s, *_ in results} | set(archs)), "entries": {**old, **entries}}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    for lock in out.glob("*.lock"):  # filelock leaves its lock files behind; a shipped layer needs none
        lock.unlink(missing_ok=True)


def cmd_warmup(args) -> int:
    archs = list(dict.fromkeys(args.arch))
    specs = [s for a in archs for s in jit.all_specs(a, args.family)]
    out = Path(args.output).resolve() if args.output else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    where = out if out is not None else jit.user_cache_dir()
    print(f"nvfp4-jit {__version__}: {len(specs)} kernel variants for {', '.join(archs)} -> {where}"
          f"{' (shipped layer)' if out is not None else ''}")
    # Into the user cache, a variant already in a shipped layer needs nothing; a shipped layer is built complete.
    results = build_all(specs, out, args.jobs, use_shipped=out is None, progress=not args.quiet)
    built = sum(o == "compiled" for _, o, _, _ in results)
    cached = sum(o in ("disk", "shipped", "memo") for _, o, _, _ in results)
    failed = [(s, o, e or "the cache directory is not writable: compiled in memory only")
              for s, o, _, e in results if o in ("failed", "memory")]
    for s, _, e in failed:
        print(f"FAILED {s.label()}: {e}", file=sys.stderr)
    if out is not None:
        _write_manifest(out, results, [jit.normalize_arch(a) for a in archs])
    print(f"built {built}, cached {cached}, failed {len(failed)}")
    return 1 if failed else 0


# -------------------------------------------------------------------------------------------------- info
def _entries(d: Path) -> list[Path]:
    return sorted(p for p in d.glob("*.cubin") if p.is_file()) if d.is_dir() else []


def _size(paths) -> int:
    return sum(p.stat().st_size for p in paths)


def _mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def cmd_info(args) -> int:
    import torch

    print(f"nvfp4-jit {__version__}")
    print(f"torch {torch.__version__} (CUDA {torch.version.cuda})")
    try:
        import cupy

        print(f"cupy {cupy.__version__}")
    except Exception as e:  # ImportError, or a CuPy that cannot find its CUDA libraries
        print(f"cupy: not available ({e})")
    try:
        print(f"NVRTC {'.'.join(map(str, jit.nvrtc_version()))}")
    except Exception as e:
        print(f"NVRTC: not available ({e})")
    print(f"CUDA headers: {', '.join(jit.include_dirs()) or 'not found'}")

    from . import dispatch

    if torch.cuda.is_available():
        try:
            req = dispatch.requested()
        except ValueError as e:
            print(f"warning: {e}")
            req = "auto"
        for i in range(torch.cuda.device_count()):
            major, minor = torch.cuda.get_device_capability(i)
            name = torch.cuda.get_device_name(i)
            try:
                backend = dispatch.choose(10 * major + minor, name, i, req)
            except dispatch.UnsupportedGPUError as e:
                backend = f"unsupported ({e})"
            arch = jit.normalize_arch((major, minor)) if 10 * major + minor >= 75 else "-"
            print(f"cuda:{i}: {name}, compute capability {major}.{minor} ({arch}), backend: {backend}")
    else:
        print("GPU: none visible (kernels can still be compiled: nvfp4-jit warmup --arch ...)")

    d = jit.user_cache_dir()
    ents = _entries(d)
    print(f"cache dir: {d} ({len(ents)} kernels, {_mib(_size(ents))})")
    for layer in jit.shipped_cache_dirs():
        ents = _entries(layer)
        note = ""
        m = layer / MANIFEST
        if m.is_file():
            try:
                man = json.loads(m.read_text())
                if man.get("nvfp4_jit") != __version__ or tuple(man.get("nvrtc", ())) != jit.nvrtc_version():
                    note = (f"; built for nvfp4-jit {man.get('nvfp4_jit')} / NVRTC {man.get('nvrtc')}: "
                            f"its kernels will not be used by this version")
            except (OSError, ValueError):
                pass
        print(f"shipped layer: {layer} ({len(ents)} kernels, {_mib(_size(ents))}{note})")
    return 0


# ------------------------------------------------------------------------------------------------- cache
def cmd_cache(args) -> int:
    d = jit.user_cache_dir()
    if args.action == "path":
        print(d)
    elif args.action == "list":
        ents = _entries(d)
        for p in ents:
            print(f"{p.stat().st_size:>10}  {p.name}")
        print(f"{len(ents)} kernels, {_mib(_size(ents))} in {d}")
    elif args.action == "clear":
        n = 0
        if d.is_dir():
            for p in [*d.glob("*.cubin"), *d.glob("*.cubin.lock"), *d.glob("*.cubin*.tmp")]:
                p.unlink(missing_ok=True)
                n += p.suffix == ".cubin"
        print(f"removed {n} kernels from {d}")
    return 0


# -------------------------------------------------------------------------------------------------- main
def _arch(value: str) -> str:
    try:
        return jit.normalize_arch(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nvfp4-jit", description=__doc__.split("\n")[0])
    p.add_argument("--version", action="version", version=f"nvfp4-jit {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log at INFO level")
    sub = p.add_subparsers(dest="command", required=True)

    w = sub.add_parser("warmup", help="compile every shipped kernel variant for the given archs (no GPU needed)")
    w.add_argument("--arch", action="append", type=_arch, required=True,
                   help=f"target GPU arch, repeatable: e.g. sm80, sm_90a, 8.6 (shipped: {', '.join(jit.ARCHS)})")
    w.add_argument("--family", action="append", default=None,
                   help="only this kernel family, repeatable (default: all registered families)")
    w.add_argument("--output", metavar="DIR",
                   help="write a read-only shipped layer into DIR (see kernel_cache/) instead of the user cache")
    w.add_argument("--jobs", "-j", type=int, default=None, help="parallel compiles (default: CPU count)")
    w.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    w.set_defaults(func=cmd_warmup)

    i = sub.add_parser("info", help="GPUs, the backend each would use, versions, cache dirs")
    i.set_defaults(func=cmd_info)

    c = sub.add_parser("cache", help="the user kernel cache")
    c.add_argument("action", choices=("list", "clear", "path"))
    c.set_defaults(func=cmd_cache)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return args.func(args)
    except ValueError as e:  # e.g. an unknown --family
        print(f"nvfp4-jit: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
