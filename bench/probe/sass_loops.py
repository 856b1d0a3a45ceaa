"""Static SASS of one mma.sync kernel variant (sm_90a, bf16, NVFP4): total instructions and every backward-branch
loop with its length (the main loop is the long one).
    python bench/probe/sass_loops.py MT,NT,WN,WK,P,XPF[,MINB[,CPA]] [silu|gelu|dense]   (CUOBJDUMP=path to cuobjdump)"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cuobjdump  # noqa: E402

from nvfp4_jit import marlin  # noqa: E402

cfg = tuple(int(a) for a in sys.argv[1].split(","))
act = sys.argv[2] if len(sys.argv) > 2 else ""
spec = marlin.gemm_spec("sm_90a", "bf16", 16, cfg, moe=act != "dense", act="" if act == "dense" else act)
ins = [(int(m.group(1), 16), m.group(2).strip()) for m in
       (re.match(r"\s+/\*([0-9a-f]{4,})\*/\s+(.*?);", line) for line in cuobjdump(spec, "-sass").splitlines()) if m]
print("total", len(ins))
for a, s in ins:
    m = re.search(r"BRA (?:`\()?.*?0x([0-9a-f]+)", s)
    if m and int(m.group(1), 16) < a:  # a backward branch: a loop from its target to here
        t = int(m.group(1), 16)
        print(f"loop {t:#x}-{a:#x}: {sum(t <= y <= a for y, _ in ins)} instructions")
