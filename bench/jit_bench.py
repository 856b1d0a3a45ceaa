"""JIT costs: cold NVRTC compile and warm cache load per kernel spec, and ``import nvfp4_jit`` time.

    python bench/jit_bench.py [--arch sm_80] [--family quantize ...] [--per-spec] [--repeat 5]

* cold: ``jit.build`` into an empty cache directory (render + NVRTC + atomic write), one process, serial;
* warm: ``jit.build`` of the same spec from that directory with an empty in-process memo (render + key +
  read + checksum), median of --repeat; with a GPU also the CuPy module load of the cubin (what a new process
  pays at a kernel's first call);
* first warm load in a fresh process (after ``import nvfp4_jit``: pays the Jinja, CuPy-NVRTC and template set-up);
* ``import nvfp4_jit`` in a fresh interpreter: total (torch included) and with torch already imported; and
  whether CuPy got imported (it must not be).
Prints markdown tables.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from nvfp4_jit import jit  # noqa: E402


def _ms(t: float) -> str:
    return f"{t * 1e3:.1f}" if t >= 0.01 else f"{t * 1e3:.2f}"


def time_specs(specs, cache: Path, repeat: int, gpu: bool):
    """[(spec, cold s, warm s, module load s or None)]."""
    rows = []
    for s in specs:
        t = time.perf_counter()
        b = jit.build(s, cache_dir=cache, use_shipped=False)
        cold = time.perf_counter() - t
        assert b.origin == "compiled", (s.label(), b.origin)
        warm = []
        for _ in range(repeat):
            jit._memo.clear()
            t = time.perf_counter()
            b = jit.build(s, cache_dir=cache, use_shipped=False)
            warm.append(time.perf_counter() - t)
            assert b.origin == "disk"
        load = None
        if gpu:
            import cupy

            loads = []
            for _ in range(repeat):
                t = time.perf_counter()
                mod = cupy.cuda.function.Module()
                mod.load(b.cubin)
                mod.get_function(s.name)
                loads.append(time.perf_counter() - t)
                del mod
            load = statistics.median(loads)
        rows.append((s, cold, statistics.median(warm), load))
    return rows


_FIRST_LOAD = r"""
import sys, time
from pathlib import Path
from nvfp4_jit import jit
spec = jit.all_specs(sys.argv[2], [sys.argv[3]])[0]
t = time.perf_counter()
b = jit.build(spec, cache_dir=Path(sys.argv[1]), use_shipped=False)
dt = time.perf_counter() - t
assert b.origin == "disk", b.origin
print(dt)
"""

_IMPORT = r"""
import sys, time
{pre}
t = time.perf_counter()
import nvfp4_jit
print(time.perf_counter() - t, int("cupy" in sys.modules))
"""


def _run(code: str, *args) -> str:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], check=True, capture_output=True, text=True,
                          env=env).stdout.split()


def import_times(repeat: int):
    total, incr, cupy_loaded = [], [], False
    for _ in range(repeat):
        t, c = _run(_IMPORT.format(pre=""))
        total.append(float(t))
        cupy_loaded |= c == "1"
        t, c = _run(_IMPORT.format(pre="import torch"))
        incr.append(float(t))
        cupy_loaded |= c == "1"
    return statistics.median(total), statistics.median(incr), cupy_loaded


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--arch", default=None, help="default: the GPU's arch, else sm_80")
    p.add_argument("--family", action="append", default=None, help="only these kernel families")
    p.add_argument("--per-spec", action="store_true", help="one row per kernel spec (default: per family)")
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()

    import torch

    gpu = torch.cuda.is_available()
    arch = jit.normalize_arch(a.arch) if a.arch else (jit.device_arch(0) if gpu else "sm_80")
    specs_by_family = {f: jit.all_specs(arch, [f]) for f in (a.family or jit.families())}
    device = torch.cuda.get_device_name(0) if gpu else "no GPU"
    print(f"nvfp4-jit {jit.__version__}, NVRTC {'.'.join(map(str, jit.nvrtc_version()))}, torch {torch.__version__}, "
          f"{arch}, {device}, {os.cpu_count()} CPUs\n")

    with tempfile.TemporaryDirectory() as d:
        cache = Path(d)
        rows = {f: time_specs(specs, cache, a.repeat, gpu) for f, specs in specs_by_family.items()}
        first = {f: float(_run(_FIRST_LOAD, cache, arch, f)[0]) for f, specs in specs_by_family.items() if specs}

    load_col = gpu
    if a.per_spec:
        print("| kernel spec | cold compile (ms) | warm load from disk (ms) |" + (" module load (ms) |" if load_col else ""))
        print("|---|---:|---:|" + ("---:|" if load_col else ""))
        for f, rs in rows.items():
            for s, cold, warm, load in rs:
                print(f"| `{s.label()}` | {_ms(cold)} | {_ms(warm)} |" + (f" {_ms(load)} |" if load_col else ""))
        print()
    print("| family | kernels | cold compile median / max (ms) | warm load median / max (ms) |"
          + (" module load median (ms) |" if load_col else "") + " first warm load in a fresh process (ms) |")
    print("|---|---:|---:|---:|" + ("---:|" if load_col else "") + "---:|")
    for f, rs in rows.items():
        if not rs:
            continue
        cold = [r[1] for r in rs]
        warm = [r[2] for r in rs]
        line = (f"| {f} | {len(rs)} | {_ms(statistics.median(cold))} / {_ms(max(cold))} | "
                f"{_ms(statistics.median(warm))} / {_ms(max(warm))} |")
        if load_col:
            line += f" {_ms(statistics.median(r[3] for r in rs))} |"
        print(line + f" {_ms(first[f])} |")
    all_cold = sum(r[1] for rs in rows.values() for r in rs)
    print(f"\nall {sum(map(len, rows.values()))} kernels: cold compile {all_cold:.1f} s serial on one core\n")

    total, incr, cupy_loaded = import_times(a.repeat)
    print("| `import nvfp4_jit` (fresh interpreter, median) | s |")
    print("|---|---:|")
    print(f"| total (imports torch) | {total:.3f} |")
    print(f"| with torch already imported | {incr:.3f} |")
    print(f"\nCuPy imported by `import nvfp4_jit`: {'YES' if cupy_loaded else 'no'}")


if __name__ == "__main__":
    main()
