"""Spills of every shipped kernel for the given archs, from NVRTC's own ptxas -v log (common.ptxas_log: no GPU, no
cuobjdump), compiled in parallel. TPL=DIR renders the templates of DIR instead (a patched copy, to compare spills).

    python bench/probe/spills.py sm_90a [sm_80 ...]
    TPL=/tmp/pw/templates python bench/probe/spills.py sm_80
"""
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from common import ptxas_log  # noqa: E402

from nvfp4_jit import jit  # noqa: E402

if os.environ.get("TPL"):  # (inherited by the forked workers)
    jit.template_dir = lambda: Path(os.environ["TPL"]).resolve()
    jit._jinja_env = None


def one(args):
    arch, i = args
    sp = jit.all_specs(arch)[i]
    try:
        log = ptxas_log(sp)
    except Exception as e:  # noqa: BLE001 (a compile error is reported, not raised)
        return f"FAIL {sp.label()[:120]} {e}"
    bad = [ln for ln in log.splitlines() if "spill" in ln and not re.search(r" 0 bytes spill stores, 0 bytes spill loads", ln)]
    return f"SPILL {sp.label()[:120]} {bad[0].strip()}" if bad else None


for arch in sys.argv[1:]:
    n = len(jit.all_specs(arch))
    with ProcessPoolExecutor() as ex:
        res = [r for r in ex.map(one, [(arch, i) for i in range(n)]) if r]
    print(arch, n, "kernels;", len(res), "with spills or compile failures")
    for r in res:
        print(" ", r)
