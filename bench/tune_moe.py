"""A/B of the fused-MoE GEMM pipelines: every GEMM of fused_moe with its usual config, then with the batch size P
and a cp.async ring of R stages (SM80+) forced; or (--g1 / --g2) GEMM 1 or GEMM 2 with other tile configs, the
other GEMM as usual. CUDA-graph time, output checked against the usual config's.

    python bench/tune_moe.py [--models qwen3,mixtral,gptoss] [--ms 1,4,16] [--rings 1:3,1:4,2:4]
    python bench/tune_moe.py --ms 1 --g1 "1,2,2,4,4,1;1,2,1,8,2,1" --g2 "1,1,2,4,2,1,3"
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import moe_cases, time_graph_us  # noqa: E402

from nvfp4_jit import jit, marlin, moe  # noqa: E402

_launch = marlin.launch
RING = None  # (P, R) forced on every GEMM launch, or None
G1 = G2 = None  # tile config forced on GEMM 1 (the launch with the fused activation) / GEMM 2, or None


def _launch_ring(w, x2, out2, bias, M, m_blocks, cfg, *args, **kw):
    if kw.get("act") and G1 is not None:
        cfg = G1
    elif not kw.get("act") and G2 is not None:
        cfg = G2
    if RING is not None:
        full = marlin._full_config(cfg, jit.device_arch(x2.device.index))
        cfg = full[:4] + (RING[0], full[5], full[6], RING[1])
    return _launch(w, x2, out2, bias, M, m_blocks, cfg, *args, **kw)


def _configs(text):
    return [tuple(int(v) for v in c.split(",")) for c in text.split(";") if c]


def main():
    global RING, G1, G2
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="qwen3,mixtral,gptoss")
    ap.add_argument("--ms", default="1,4,16")
    ap.add_argument("--rings", default="1:3,1:4,1:6,2:3,2:4")
    ap.add_argument("--g1", default="", help="';'-separated GEMM-1 configs MT,NT,WN,WK,P,XPF[,MINB] (instead of rings)")
    ap.add_argument("--g2", default="", help="';'-separated GEMM-2 configs")
    ap.add_argument("--cross", action="store_true", help="every (g1, g2) pair, the usual config as 'None' in both")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the runs, interleaved; report the fastest")
    ap.add_argument("--reps", type=int, default=30)
    args = ap.parse_args()
    marlin.launch = _launch_ring
    rings = [None] + [tuple(map(int, r.split(":"))) for r in args.rings.split(",")]
    if args.cross:
        runs = [(None, a, b) for a in [None] + _configs(args.g1) for b in [None] + _configs(args.g2)]
    elif args.g1 or args.g2:  # (ring, g1, g2) settings: the usual configs, then each forced one
        runs = [(None, None, None)] + [(None, c, None) for c in _configs(args.g1)] + \
            [(None, None, c) for c in _configs(args.g2)]
    else:
        runs = [(r, None, None) for r in rings]
    torch.manual_seed(0)
    for name, M, x, p13, p2, tw, ti in moe_cases(args.models, args.ms):
        res, base = {}, None
        for _ in range(args.rounds):
            for RING, G1, G2 in runs:
                y = moe.fused_moe(x, p13, p2, tw, ti).float()
                base = y if base is None else base
                err = ((y - base).norm() / base.norm()).item()
                label = (f"P:R {RING}" if RING else f"g1 {G1} g2 {G2}" if args.cross else f"g1 {G1}" if G1
                         else f"g2 {G2}" if G2 else "usual")
                t = time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=args.reps)
                res[label] = (min(t, res.get(label, (t,))[0]), max(err, res.get(label, (0, 0))[1]))
        RING = G1 = G2 = None
        print(f"{name} M={M}: " + "; ".join(f"{r} {t:.1f} us" + (f" (err {e:.1e})" if e > 1e-3 else "")
                                             for r, (t, e) in res.items()), flush=True)

if __name__ == "__main__":
    main()
