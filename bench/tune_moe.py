"""A/B of the fused-MoE GEMM pipelines: every GEMM of fused_moe with its usual config, then with the batch size P
and a cp.async ring of R stages (SM80+) forced; CUDA-graph time, output checked against the usual config's.

    python bench/tune_moe.py [--models qwen3,mixtral,gptoss] [--ms 1,4,16] [--rings 1:3,1:4,2:4]
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import time_graph_us  # noqa: E402
from moe import MODELS  # noqa: E402

from nvfp4_jit import jit, marlin, moe  # noqa: E402
from nvfp4_jit.numerics import NVFP4Weight  # noqa: E402

_launch = marlin.launch
RING = None  # (P, R) forced on every GEMM launch, or None


def _launch_ring(w, x2, out2, bias, M, m_blocks, cfg, *args, **kw):
    if RING is not None:
        full = marlin._full_config(cfg, jit.device_arch(x2.device.index))
        cfg = full[:4] + (RING[0], full[5], full[6], RING[1])
    return _launch(w, x2, out2, bias, M, m_blocks, cfg, *args, **kw)


def main():
    global RING
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="qwen3,mixtral,gptoss")
    ap.add_argument("--ms", default="1,4,16")
    ap.add_argument("--rings", default="1:3,1:4,1:6,2:3,2:4")
    ap.add_argument("--reps", type=int, default=30)
    args = ap.parse_args()
    marlin.launch = _launch_ring
    rings = [None] + [tuple(map(int, r.split(":"))) for r in args.rings.split(",")]
    torch.manual_seed(0)
    for name in args.models.split(","):
        E, k, H, I, fmt = MODELS[name]
        w13 = [NVFP4Weight.quantize(torch.randn(2 * I, H, device="cuda") * H ** -0.5, fmt=fmt) for _ in range(E)]
        w2 = [NVFP4Weight.quantize(torch.randn(H, I, device="cuda") * I ** -0.5, fmt=fmt) for _ in range(E)]
        p13, p2 = moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2)
        del w13, w2
        for M in map(int, args.ms.split(",")):
            x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
            tw, ti = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), k, dim=-1)
            ti = ti.to(torch.int32)
            res, base = [], None
            for RING in rings:
                y = moe.fused_moe(x, p13, p2, tw, ti).float()
                base = y if base is None else base
                err = ((y - base).norm() / base.norm()).item()
                res.append((RING, time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=args.reps), err))
            print(f"{name} M={M}: " + "; ".join(f"{'P:R ' + str(r) if r else 'usual'} {t:.1f} us"
                                                 + (f" (err {e:.1e})" if e > 1e-3 else "") for r, t, e in res),
                  flush=True)
        del p13, p2


if __name__ == "__main__":
    main()
