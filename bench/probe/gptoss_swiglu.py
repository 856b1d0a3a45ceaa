"""What gpt-oss's own numerics cost in fused_moe (twenty-eighth session; first run in the thirtieth, H100): CUDA-graph
µs (L2 flushed, median) of the gpt-oss-20b-sized MoE with the fused SiLU and no biases (what bench/moe.py times)
against activation="swigluoai" with both expert biases (its error: the GPU tests of tests/test_moe.py and
tests/test_nn.py).

    python bench/probe/gptoss_swiglu.py --ms 1,4,16,64,256 > bench/notes/gptoss_swiglu_sNN_h100.log
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import device_name, moe_cases, time_graph_us  # noqa: E402

from nvfp4_jit import moe  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ms", default="1,4,16,64,256")
    ap.add_argument("--reps", type=int, default=50)
    args = ap.parse_args()
    print(device_name())
    print("| M | silu, no bias µs | swigluoai + biases µs | ratio |")
    print("|---|---|---|---|")
    for _, M, x, p13, p2, tw, ti in moe_cases("gptoss", args.ms):
        E, H = p13.num_experts, x.shape[1]
        b13 = torch.randn(E, p13.n, device="cuda")
        b2 = 0.1 * torch.randn(E, H, device="cuda")
        plain = time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti), reps=args.reps)
        oai = time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti, "swigluoai", w13_bias=b13, w2_bias=b2),
                            reps=args.reps)
        print(f"| {M} | {plain:.1f} | {oai:.1f} | {oai / plain:.2f} |")


if __name__ == "__main__":
    main()
