"""Register spills (cuobjdump -res-usage: STACK / LOCAL) of every shipped kernel for the given archs, under the
NVRTC of this machine.   python bench/probe/spills.py sm_90a [sm_80 ...]   (needs cuobjdump on PATH or CUOBJDUMP)"""
import os
import subprocess
import sys
import tempfile

from nvfp4_jit import cli, jit

tool = os.environ.get("CUOBJDUMP", "cuobjdump")
for arch in sys.argv[1:]:
    specs = jit.all_specs(arch)
    cli.build_all(specs, progress=False)
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "k.cubin")
        for sp in specs:
            with open(path, "wb") as f:
                f.write(jit.build(sp).cubin)
            out = subprocess.run([tool, "-res-usage", path], capture_output=True, text=True).stdout
            for line in out.splitlines():
                if "REG" in line and ("LOCAL:0" not in line or "STACK:0" not in line):
                    bad += 1
                    print(arch, sp.label()[:160], line.strip()[:60])
    print(arch, len(specs), "kernels,", bad, "with spills")
