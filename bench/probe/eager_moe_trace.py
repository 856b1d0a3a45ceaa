"""Why an eager Qwen3 MoE layer at one token took ~520 µs of wall time when its parts (routing ~160, NVFP4MoE ~63)
add up to ~230 (bench/probe/eager_moe_profile.py): the whole layer's wall time with the one-token GEMM 2 variants
(NVFP4_JIT_MOE_DOWN unset: resident; 0: the gemm kernel's top-k-sum variant) and with PDL off, then a torch
profiler trace of a few steps: per kernel its median duration and the median gap before it.

    python bench/probe/eager_moe_trace.py [--model qwen3] [--m 1]
"""
import os
import statistics
import sys

import torch
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eager_moe_profile import setup, wall_us  # noqa: E402


def main():
    args, layer, x, _ = setup()
    with torch.inference_mode():
        for env in ({}, {"NVFP4_JIT_MOE_DOWN": "0"}, {"NVFP4_JIT_PDL": "0"}, {}):
            os.environ.pop("NVFP4_JIT_MOE_DOWN", None)
            os.environ.pop("NVFP4_JIT_PDL", None)
            os.environ.update(env)
            print(f"{args.model} M={args.m} {env or 'default'}: whole layer {wall_us(lambda: layer(x), args.steps):.1f} us",
                  flush=True)
        os.environ.pop("NVFP4_JIT_MOE_DOWN", None)
        os.environ.pop("NVFP4_JIT_PDL", None)
        for _ in range(10):
            layer(x)
        torch.cuda.synchronize()
        with profile(activities=[ProfilerActivity.CUDA, ProfilerActivity.CPU]) as p:
            for _ in range(30):
                layer(x)
            torch.cuda.synchronize()
    ks = sorted((e for e in p.events() if e.device_type.name == "CUDA"), key=lambda e: e.time_range.start)
    names = [e.name[:70] for e in ks]
    per = len(ks) // 30
    print(f"{len(ks)} kernels in 30 steps ({per} per step); GPU busy per step "
          f"{sum(e.time_range.end - e.time_range.start for e in ks) / 30:.1f} us, span per step "
          f"{(ks[-1].time_range.end - ks[0].time_range.start) / 30:.1f} us")
    rows = {}
    for i in range(1, len(ks)):
        d = ks[i].time_range.end - ks[i].time_range.start
        gap = ks[i].time_range.start - ks[i - 1].time_range.end
        rows.setdefault((i % per, names[i]), []).append((d, gap))
    for (pos, name), v in sorted(rows.items()):
        print(f"  {pos:2d} {statistics.median(d for d, _ in v):7.1f} us  gap before {statistics.median(g for _, g in v):7.1f}"
              f"  {name}")
    cpu = sorted((e for e in p.key_averages() if e.cpu_time_total > 0), key=lambda e: -e.cpu_time_total)[:12]
    for e in cpu:
        print(f"  cpu {e.key[:60]:60s} calls {e.count:5d}  avg {e.cpu_time_total / max(e.count, 1):8.1f} us")


if __name__ == "__main__":
    main()
