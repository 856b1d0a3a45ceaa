"""Which path and tile the dense GEMM dispatch picks per layer and token count, on the CPU (no GPU: the mma.sync
configs' CTAs per SM are taken as 3, the SM count as given). For reviewing rule changes and spotting jumps between
neighbouring token counts.

    python bench/probe/dispatch_map.py 4096x14336,1280x8192 --ms 1,16,17,32,33,64,128 [--sms 132] [--arch sm_90a]
"""
import argparse
import sys

sys.path.insert(0, ".")
from nvfp4_jit import marlin  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shapes")
    ap.add_argument("--ms", default="1,8,9,16,17,32,33,64,65,128,256,1024")
    ap.add_argument("--sms", type=int, default=132)
    ap.add_argument("--arch", default="sm_90a")
    args = ap.parse_args()
    names = {v: k for k, v in marlin.WGMMA_CONFIGS.items()}
    for shape in args.shapes.split(","):
        N, K = map(int, shape.split("x"))
        n16, kt = -(-N // 16), -(-K // 64)
        cells = []
        for M in map(int, args.ms.split(",")):
            path = marlin.route(M, n16, kt, args.arch, sms=args.sms)
            if path == "wgmma":
                cfg, sk = marlin.choose_wgmma(M, n16, kt, args.sms)
                cells.append(f"{M}:{names.get(cfg, cfg)}/{sk}")
            elif path == "mma.sync":
                cfg, sk = marlin.choose_config(M, n16, kt, args.sms)
                cells.append(f"{M}:mma{cfg}/{sk}")
            else:
                cells.append(f"{M}:cuBLAS")
        print(f"{shape:>11}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
