"""Kernel timeline of one fused_moe call in a CUDA graph (L2 flushed before each replay): per kernel, median start
and end relative to the start of the call's first kernel, and the replay's event time. Also the graph time of a
plain read (common.plain_read) of the call's FP4 bytes, the practical floor of one kernel streaming that much.

    python bench/probe/moe_timeline.py [--models qwen3,gptoss] [--ms 1,4,16]
"""
import argparse
import os
import statistics
import sys

import torch
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import capture_graph, moe_cases, plain_read, replay_flushed, time_graph_us  # noqa: E402

from nvfp4_jit import moe  # noqa: E402


def timeline(fn, n=20):
    g = capture_graph(fn, warmup=1)
    torch.cuda.synchronize()
    calls = []
    with profile(activities=[ProfilerActivity.CUDA]) as p:
        replay_flushed(g, n)
        torch.cuda.synchronize()
    ks = sorted((e for e in p.events() if e.device_type.name == "CUDA"), key=lambda e: e.time_range.start)
    call = []
    for e in ks:
        if "reduce_kernel" in e.name or "spin" in e.name.lower() or "sleep" in e.name.lower():
            if call:
                calls.append(call)
                call = []
            continue
        call.append(e)
    if call:
        calls.append(call)
    calls = [c for c in calls if len(c) == len(calls[-1])]
    rows = []
    for i in range(len(calls[-1])):
        t0 = [c[0].time_range.start for c in calls]
        st = statistics.median(c[i].time_range.start - a for c, a in zip(calls, t0))
        en = statistics.median(c[i].time_range.end - a for c, a in zip(calls, t0))
        rows.append((calls[-1][i].name[:60], st, en))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="qwen3,gptoss")
    ap.add_argument("--ms", default="1,4,16")
    args = ap.parse_args()
    for name, M, x, p13, p2, tw, ti in moe_cases(args.models, args.ms):
        per_expert = sum(t[0].numel() * t.element_size() for t in (p13.wq, p13.sc, p2.wq, p2.sc))
        floor_bytes = per_expert * ti.unique().numel()
        t = time_graph_us(lambda: moe.fused_moe(x, p13, p2, tw, ti))
        buf = torch.empty(int(floor_bytes) // 16 * 16, dtype=torch.uint8, device="cuda")
        tr = time_graph_us(lambda: plain_read(buf))
        print(f"== {name} M={M}: graph {t:.1f} us; plain read of the {floor_bytes / 1e6:.1f} MB: {tr:.1f} us")
        for k, st, en in timeline(lambda: moe.fused_moe(x, p13, p2, tw, ti)):
            print(f"   {st:7.2f} .. {en:7.2f} us  ({en - st:6.2f})  {k}")



if __name__ == "__main__":
    main()
