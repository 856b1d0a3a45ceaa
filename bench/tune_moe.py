"""A/B of the fused-MoE GEMM tile configs: GEMM 1 or GEMM 2 (--g1 / --g2) with other tile configs, the other GEMM
as usual (or --cross: every pair). CUDA-graph time, output checked against the usual configs'. (The MoE runs the
register-pipelined configs only: MT,NT,WN,WK,P,XPF[,MINB].) One-token calls whose GEMM 2 is the resident kernel
(moe_down) only take --g1.

    python bench/tune_moe.py --ms 4 --g1 "1,2,2,4,1,1;1,2,1,4,2,1" --g2 "1,1,4,2,1,1" [--rounds 2]
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import moe_cases, time_graph_us  # noqa: E402

from nvfp4_jit import marlin, moe  # noqa: E402

_moe_launch = marlin.moe_launch
G1 = G2 = None  # tile config forced on GEMM 1 (the launch with the fused activation) / GEMM 2, or None


def _forced_launch(w, m_blocks, cfg, dt, dev, act="", **kw):
    if act and G1 is not None:
        cfg = G1
    elif not act and G2 is not None:
        cfg = G2
    return _moe_launch(w, m_blocks, cfg, dt, dev, act=act, **kw)


def _configs(text):
    return [tuple(int(v) for v in c.split(",")) for c in text.split(";") if c]


def main():
    global G1, G2
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="qwen3,mixtral,gptoss")
    ap.add_argument("--ms", default="1,4,16")
    ap.add_argument("--g1", default="", help="';'-separated GEMM-1 configs MT,NT,WN,WK,P,XPF[,MINB]")
    ap.add_argument("--g2", default="", help="';'-separated GEMM-2 configs")
    ap.add_argument("--cross", action="store_true", help="every (g1, g2) pair, the usual config as 'None' in both")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the runs, interleaved; report the fastest")
    ap.add_argument("--reps", type=int, default=30)
    args = ap.parse_args()
    marlin.moe_launch = _forced_launch
    if args.cross:
        runs = [(a, b) for a in [None] + _configs(args.g1) for b in [None] + _configs(args.g2)]
    else:  # (g1, g2) settings: the usual configs, then each forced one
        runs = [(None, None)] + [(c, None) for c in _configs(args.g1)] + [(None, c) for c in _configs(args.g2)]
    torch.manual_seed(0)
    for name, M, x, p13, p2, tw, ti in moe_cases(args.models, args.ms):
        res, base = {}, None
        for _ in range(args.rounds):
            for G1, G2 in runs:
                moe._plans.clear()  # (the plans hold prepared launches: re-made with the forced configs)
                y = moe.fused_moe(x, p13, p2, tw, ti).float()
                base = y if base is None else base
                err = ((y - base).norm() / base.norm()).item()
                label = (f"g1 {G1} g2 {G2}" if args.cross else f"g1 {G1}" if G1 else f"g2 {G2}" if G2
                         else "usual")
                t = time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=args.reps)
                res[label] = (min(t, res.get(label, (t,))[0]), max(err, res.get(label, (0, 0))[1]))
        G1 = G2 = None
        moe._plans.clear()
        print(f"{name} M={M}: " + "; ".join(f"{r} {t:.1f} us" + (f" (err {e:.1e})" if e > 1e-3 else "")
                                             for r, (t, e) in res.items()), flush=True)

if __name__ == "__main__":
    main()
