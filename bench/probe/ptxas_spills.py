"""Spills of every shipped kernel for the given archs from NVRTC's own ptxas (--ptxas-options=-v: no cuobjdump, no
GPU), compiled in parallel; TPL=DIR renders the templates of DIR instead (a patched copy, to compare spills).

    python bench/probe/ptxas_spills.py sm_90a [sm_80 ...]
    TPL=/tmp/pw/templates python bench/probe/ptxas_spills.py sm_80
"""
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from nvfp4_jit import jit  # noqa: E402

if os.environ.get("TPL"):  # (inherited by the forked workers)
    jit.template_dir = lambda: Path(os.environ["TPL"]).resolve()
    jit._jinja_env = None


def one(args):
    from cupy_backends.cuda.libs import nvrtc

    arch, i = args
    sp = jit.all_specs(arch)[i]
    prog = nvrtc.createProgram(sp.render(), "k.cu", [], [])
    try:
        nvrtc.compileProgram(prog, list(jit.compile_options(arch)) + ["--ptxas-options=-v"])
        log = nvrtc.getProgramLog(prog)
    except Exception as e:  # noqa: BLE001 (a compile error is reported, not raised)
        return f"FAIL {sp.label()[:120]} {e}"
    finally:
        nvrtc.destroyProgram(prog)
    bad = [ln for ln in log.splitlines() if "spill" in ln and not re.search(r" 0 bytes spill stores, 0 bytes spill loads", ln)]
    return f"SPILL {sp.label()[:120]} {bad[0].strip()}" if bad else None


for arch in sys.argv[1:]:
    n = len(jit.all_specs(arch))
    with ProcessPoolExecutor() as ex:
        res = [r for r in ex.map(one, [(arch, i) for i in range(n)]) if r]
    print(arch, n, "kernels;", len(res), "with spills or compile failures")
    for r in res:
        print(" ", r)
