"""Register spills (cuobjdump -res-usage: STACK / LOCAL) of every shipped kernel for the given archs, under the
NVRTC of this machine.   python bench/probe/spills.py sm_90a [sm_80 ...]   (needs cuobjdump on PATH or CUOBJDUMP)"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cuobjdump  # noqa: E402

from nvfp4_jit import cli, jit  # noqa: E402

for arch in sys.argv[1:]:
    specs = jit.all_specs(arch)
    cli.build_all(specs, progress=False)
    bad = 0
    for sp in specs:
        for line in cuobjdump(sp, "-res-usage").splitlines():
            if "REG" in line and ("LOCAL:0" not in line or "STACK:0" not in line):
                bad += 1
                print(arch, sp.label()[:160], line.strip()[:60])
    print(arch, len(specs), "kernels,", bad, "with spills")
