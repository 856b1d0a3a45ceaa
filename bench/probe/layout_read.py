"""Does the weights' [N16][KT][512 B] order cost DRAM bandwidth? Read the same bytes as a wgmma CTA does (8 n16
tiles x S super-tiles per stage: 8 chunks of S x 512 B, KT x 512 B apart) and as one contiguous block per stage,
with plain 16-byte loads (4 stages in flight per thread; grid of `ctas` CTAs looping over row tiles x K slices),
median µs with L2 flushed (common.time_us; bench/notes/layout_read_s19_h100.log was timed by an inline loop of
events around each launch, before this used the shared helper).

    python bench/probe/layout_read.py [N K]
"""
import os
import sys

import cupy as cp
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import time_us  # noqa: E402

SRC = r"""
extern "C" __global__ void rd(const uint4* __restrict__ w, int n_tiles8, int kt, int S, int contig, int ksplit,
                              float* out)
{
    // one "CTA tile" = 8 n16 tiles x kt super-tiles of 512 B (32 uint4); stage = 8 x S super-tiles; CTA b reads
    // row tile b / ksplit, K slice b % ksplit; each thread keeps 4 stages' 16-byte loads in flight
    const int per_stage = 8 * S * 32;  // uint4 per stage (S = 2: 512, 2 per thread of 256)
    const int stages = kt / S / ksplit;
    float acc = 0.f;
    for (int b = blockIdx.x; b < n_tiles8 * ksplit; b += gridDim.x) {
        const int t = b / ksplit, z = b % ksplit;
        const uint4* base = w + (long)t * 8 * kt * 32;
        for (int s0 = z * stages; s0 < (z + 1) * stages; s0 += 4) {
            uint4 v[4][4];  // (S <= 4: at most 4 loads per thread and stage)
#pragma unroll
            for (int q = 0; q < 4; ++q)
#pragma unroll
                for (int h = 0; h < 4; ++h) {
                    const int s = min(s0 + q, (z + 1) * stages - 1), i = threadIdx.x + h * 256;
                    long off;
                    if (contig) off = (long)s * per_stage + i;
                    else { int r = i / (S * 32), j = i % (S * 32); off = (long)r * kt * 32 + (long)s * S * 32 + j; }
                    v[q][h] = i < per_stage ? __ldcs(base + off) : make_uint4(0, 0, 0, 0);
                }
#pragma unroll
            for (int q = 0; q < 4; ++q)
#pragma unroll
                for (int h = 0; h < 4; ++h) acc += __int_as_float(v[q][h].x ^ v[q][h].y ^ v[q][h].z ^ v[q][h].w);
        }
    }
    if (acc == 1.2345f) out[0] = acc;
}
"""


def main():
    N, K = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (28672, 4096)
    kt, n16 = K // 64, N // 16
    w = torch.randint(0, 255, (n16 * kt * 512,), dtype=torch.uint8, device="cuda")
    out = torch.zeros(1, device="cuda")
    k = cp.RawKernel(SRC, "rd")
    sms = torch.cuda.get_device_properties(0).multi_processor_count
    gb = w.numel() / 1e9
    ksplit = max(1, 2 * sms // (n16 // 8))
    for S in (2, 4):
        for ctas in (n16 // 8 * ksplit, 2 * sms, 4 * sms):
            for contig in (0, 1):
                us = time_us(lambda: k((ctas,), (256,), (w.data_ptr(), n16 // 8, kt, S, contig, ksplit, out.data_ptr())),
                             reps=30)
                print(f"{N}x{K} S={S} ksplit={ksplit} ctas={ctas:5d} {'contiguous' if contig else 'tile order'}: {us:7.1f} us "
                      f"{gb / us * 1e3:5.2f} TB/s", flush=True)


if __name__ == "__main__":
    main()
