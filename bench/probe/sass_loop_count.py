"""SASS instructions per super-tile in the wgmma consumer loop of the shipped configs, for the checkout at ROOT (CPU
only; cuobjdump as in bench/probe/sass_local.py):  python bench/probe/sass_loop_count.py ROOT"""
import os
import re
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.abspath(sys.argv[1]))
from nvfp4_jit import jit, marlin, moe
cases = [(n, c, False) for n, c in marlin.WGMMA_CONFIGS.items()] + [("moe64", moe._moe_wgmma_config(64), True), ("moe32", moe._moe_wgmma_config(32), True)]
for name, cfg, m in cases:
    for g in (16, 32):
        s = marlin.wgmma_spec("sm_90a", "bf16", g, cfg, moe=m)
        with tempfile.NamedTemporaryFile(suffix=".cubin") as f:
            f.write(jit.build(s).cubin); f.flush()
            sass = subprocess.run(["cuobjdump", "-sass", f.name], capture_output=True, text=True, check=True).stdout
        ins = []
        for l in sass.splitlines():
            mm = re.match(r"\s+/\*([0-9a-f]{4,})\*/\s+(.*?);", l)
            if mm: ins.append((int(mm.group(1), 16), mm.group(2).strip()))
        best = None
        for a, t in ins:
            b = re.search(r"BRA (0x[0-9a-f]+)", t)
            if b and int(b.group(1), 16) < a:
                body = [x for x in ins if int(b.group(1), 16) <= x[0] <= a]
                ng = sum('HGMMA' in x[1] for x in body)
                if ng and (best is None or (ng, -len(body)) > (best[1], -best[0])):
                    best = (len(body), ng)
        n, ng = best
        st = ng // (4 * cfg[1])  # super-tiles in the loop body (AT A tiles x 4 k16 steps each)
        print(f"{name:6s} {str(cfg):28s} g{g}: loop {n} instr / {st} super-tiles = {n / st:.1f} per super-tile")
