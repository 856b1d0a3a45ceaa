"""ptxas resource usage and SASS of shipped kernels without a GPU (NVRTC compiles for any arch on the CPU), e.g.
to count the instructions of a main loop or check for spills before spending device time.

    python bench/probe/sass_local.py wgmma:m64k [gemm:0 ...] [--arch sm_90a] [--dtype bf16] [--group 16] [--sass]

Kernels: wgmma:NAME (marlin.WGMMA_CONFIGS), wgmma:BM,AT,WG,D,MINB,S,KG (any config), gemm:I (marlin.CONFIGS[I]),\ngemm:MT,NT,WN,WK,P,XPF[,MINB[,CPA]] (any config).
--sass needs cuobjdump and nvdisasm on PATH; both come as pip wheels without a CUDA toolkit:
    pip download --no-deps nvidia-cuda-cuobjdump nvidia-cuda-nvdisasm -d /tmp/w  (unzip; their bin/ on PATH)
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

from cupy_backends.cuda.libs import nvrtc  # noqa: E402

from nvfp4_jit import jit, marlin  # noqa: E402


def spec_for(name: str, arch: str, dtype: str, group: int):
    kind, _, what = name.partition(":")
    if kind == "wgmma":
        cfg = marlin.WGMMA_CONFIGS[what] if what in marlin.WGMMA_CONFIGS else tuple(int(v) for v in what.split(","))
        return marlin.wgmma_spec(arch, dtype, group, cfg)
    if kind == "gemm":  # an index into marlin.CONFIGS, or a whole config MT,NT,WN,WK,P,XPF[,MINB[,CPA]]
        cfg = marlin.CONFIGS[int(what)] if "," not in what else tuple(int(v) for v in what.split(","))
        return marlin.gemm_spec(arch, dtype, group, cfg)
    raise SystemExit(f"unknown kernel {name!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kernels", nargs="+")
    ap.add_argument("--arch", default="sm_90a")
    ap.add_argument("--dtype", default="bf16")
    ap.add_argument("--group", type=int, default=16)
    ap.add_argument("--sass", action="store_true", help="print the SASS (cuobjdump -sass)")
    args = ap.parse_args()
    for name in args.kernels:
        spec = spec_for(name, args.arch, args.dtype, args.group)
        prog = nvrtc.createProgram(spec.render(), "k.cu", [], [])
        nvrtc.compileProgram(prog, list(jit.compile_options(args.arch)) + ["-Xptxas", "-v"])
        log = nvrtc.getProgramLog(prog)
        nvrtc.destroyProgram(prog)
        info = [ln.strip() for ln in log.splitlines() if re.search(r"Used|spill|warning|Performance", ln)]
        print(f"== {name} {spec.label()}\n   " + "\n   ".join(info))
        if args.sass:
            with tempfile.NamedTemporaryFile(suffix=".cubin") as f:
                f.write(jit.build(spec).cubin)
                f.flush()
                sass = subprocess.run(["cuobjdump", "-sass", f.name], capture_output=True, text=True, check=True).stdout
            body = [ln for ln in sass.splitlines() if re.match(r"\s+/\*[0-9a-f]{4,}\*/", ln)]
            print(f"   {len(body)} SASS instructions; HGMMA / HMMA: "
                  f"{sum('GMMA' in ln for ln in body)} / {sum('HMMA' in ln for ln in body)}")
            print(sass)


if __name__ == "__main__":
    main()
