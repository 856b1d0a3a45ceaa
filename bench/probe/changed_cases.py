"""Lines "NxK M OLD NEW" (NVFP4_JIT_WGMMA_CONFIG values) for every shape and M where the working tree's
marlin.choose_wgmma differs from that of git revision REV (132 SMs, wgmma route only): the case lists of
bench/probe/dev_s27c.sh / dev_s27d.sh / dev_s28a.sh (s27c_cases.txt etc.; s28a with bench/notes/m128_for_short_big.diff
applied against HEAD).

    python bench/probe/changed_cases.py HEAD 10240x8192,4608x14336 160,224,256 > bench/probe/sNN_cases.txt
"""
import importlib.util
import subprocess
import sys
import tempfile

from nvfp4_jit import marlin


def env(cfg, sk):
    BM, AT, WG, D, minb, s, kg, u = marlin._wgmma_full(cfg)
    return ",".join(map(str, (BM, AT, WG, D, sk, minb, s, kg, u)))


rev, shapes, ms = sys.argv[1], sys.argv[2].split(","), [int(m) for m in sys.argv[3].split(",")]
src = subprocess.run(["git", "show", f"{rev}:nvfp4_jit/marlin.py"], check=True, capture_output=True, text=True).stdout
with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
    f.write(src)
    f.flush()
    spec = importlib.util.spec_from_file_location("nvfp4_jit._marlin_rev", f.name)
    old = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = old  # (its dataclasses look their module up)
    spec.loader.exec_module(old)
for shape in shapes:
    N, K = map(int, shape.split("x"))
    n16, kt = N // 16, K // 64
    for M in ms:
        if marlin.route(M, n16, kt, "sm_90a", sms=132) != "wgmma":
            continue
        a, b = old.choose_wgmma(M, n16, kt, 132), marlin.choose_wgmma(M, n16, kt, 132)
        if a != b:
            print(shape, M, env(*a), env(*b))
