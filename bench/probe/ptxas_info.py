"""Registers and spills of wgmma kernel variants by NVRTC's own ptxas (--ptxas-options=-v; no cuobjdump needed,
runs without a GPU).   python bench/probe/ptxas_info.py "16,1,2,4,3,2" ["16,1,1,4,4,2" ...] [--tmap] [--f16]"""
import sys

from cupy_backends.cuda.libs import nvrtc

sys.path.insert(0, ".")
from nvfp4_jit import jit, marlin  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
tmap, dt = "--tmap" in sys.argv, "f16" if "--f16" in sys.argv else "bf16"
for a in args:
    cfg = tuple(int(v) for v in a.split(","))
    spec = marlin.wgmma_spec("sm_90a", dt, 16, cfg, tmap=tmap)
    prog = nvrtc.createProgram(spec.render(), "k.cu", [], [])
    try:
        nvrtc.compileProgram(prog, list(jit.compile_options("sm_90a")) + ["--ptxas-options=-v"])
        log = nvrtc.getProgramLog(prog)
    finally:
        nvrtc.destroyProgram(prog)
    info = [ln.strip() for ln in log.splitlines() if "registers" in ln or "spill" in ln]
    print(cfg, "tmap" if tmap else "", dt, "|", " | ".join(info))
