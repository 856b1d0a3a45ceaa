"""Registers and spills of wgmma kernel variants by NVRTC's own ptxas (common.ptxas_log; no cuobjdump needed, runs
without a GPU).   python bench/probe/ptxas_info.py "16,1,2,4,3,2" ["16,1,1,4,4,2" ...] [--tmap] [--f16]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from common import ptxas_log  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
tmap, dt = "--tmap" in sys.argv, "f16" if "--f16" in sys.argv else "bf16"
for a in args:
    cfg = tuple(int(v) for v in a.split(","))
    log = ptxas_log(marlin.wgmma_spec("sm_90a", dt, 16, cfg, tmap=tmap))
    info = [ln.strip() for ln in log.splitlines() if "registers" in ln or "spill" in ln]
    print(cfg, "tmap" if tmap else "", dt, "|", " | ".join(info))
