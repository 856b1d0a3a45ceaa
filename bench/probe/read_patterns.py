"""Memory-only probe: how fast can the GPU read a prepared weight in the access pattern of the decode kernels?
No arithmetic, only the loads (xor-reduced so they are kept). Patterns over N16 tiles of KT super-tiles (512 B):
  inter  - the mma.sync kernel's: a CTA owns NT tiles, its WK warps interleave along K (warp w: super-tiles w, w+WK,
           ..), U batches in flight per warp (the register pipeline);
  chunk  - the same CTAs, each warp streaming its own contiguous K chunk (the bulk-ring experiment's order);
  panel  - as inter, but with the weights stored in K panels of KP super-tiles, tiles adjacent within a panel
           (address ((kt / KP) N16 + tile) KP + kt % KP), so that CTAs at the same K read neighbouring bytes;
  flat   - a plain grid-stride read of the same bytes (the floor of one kernel).
Times: median of --reps CUDA-event runs, the L2 flushed before each by reading a 512 MiB buffer (clean lines, as
bench/common.py), then a ~0.5 ms spin so that the launch is queued before the start event. "copy" is a
device-to-device copy of half the bytes (as many bytes moved as read here).

    python bench/probe/read_patterns.py
"""
import argparse
import statistics

import cupy as cp

SRC = r"""
extern "C" __global__ void rd(const uint4* __restrict__ w, int N16, int KT, int NT, int WK, int U, int mode, int KP,
                              unsigned* sink) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    unsigned acc = 0;
    if (mode == 3) {  // flat
        const long n = (long)N16 * KT * 32, stride = (long)gridDim.x * blockDim.x;
        for (long i = (long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += 4 * stride) {
            uint4 v[4];
#pragma unroll
            for (int u = 0; u < 4; ++u) {
                const long j = i + u * stride;
                if (j < n) asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(v[u].x), "=r"(v[u].y), "=r"(v[u].z), "=r"(v[u].w) : "l"(w + j));
                else v[u] = make_uint4(0, 0, 0, 0);
            }
#pragma unroll
            for (int u = 0; u < 4; ++u) acc ^= v[u].x ^ v[u].y ^ v[u].z ^ v[u].w;
        }
    } else {
        const int t0 = blockIdx.x * NT;
        int lo = warp, hi = KT, st = WK;
        if (mode == 1) {
            const int c = (KT + WK - 1) / WK;
            lo = min(KT, warp * c); hi = min(KT, lo + c); st = 1;
        }
        for (int kt = lo; kt < hi; kt += st * U) {
            uint4 v[16];
#pragma unroll
            for (int u = 0; u < 4; ++u)
#pragma unroll
                for (int i = 0; i < 4; ++i) {
                    const int k = kt + u * st, t = min(t0 + i, N16 - 1);
                    v[u * 4 + i] = make_uint4(0, 0, 0, 0);
                    if (u < U && i < NT && k < hi) {
                        const long sup = mode == 2 ? ((long)(k / KP) * N16 + t) * KP + k % KP : (long)t * KT + k;
                        asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(v[u*4+i].x), "=r"(v[u*4+i].y), "=r"(v[u*4+i].z), "=r"(v[u*4+i].w) : "l"(w + sup * 32 + lane));
                    }
                }
#pragma unroll
            for (int j = 0; j < 16; ++j) acc ^= v[j].x ^ v[j].y ^ v[j].z ^ v[j].w;
        }
    }
    if (acc == 0x12345678u) sink[0] = acc;
}
extern "C" __global__ void spin(long long cycles) {
    const long long t0 = clock64();
    while (clock64() - t0 < cycles) {}
}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=30)
    args = ap.parse_args()
    mod = cp.RawModule(code=SRC, options=("-std=c++17",))
    k, spin = mod.get_function("rd"), mod.get_function("spin")
    sink = cp.zeros(1, dtype=cp.uint32)
    sms = cp.cuda.runtime.getDeviceProperties(0)["multiProcessorCount"]
    fbuf = cp.ones(512 << 20, dtype=cp.uint8)
    fargs = (fbuf, cp.int32(1 << 15), cp.int32(32), cp.int32(1), cp.int32(1), cp.int32(1), cp.int32(3), cp.int32(1),
             sink)  # (512 MiB as 32768 x 32 super-tiles)
    # (name, N16, KT, [(NT, WK, U)])
    shapes = [("28672x4096", 1792, 64, [(4, 4, 1), (2, 4, 2), (1, 8, 2)]),
              ("4096x14336", 256, 224, [(1, 8, 2), (1, 8, 4), (1, 4, 4)]),
              ("8192x28672", 512, 448, [(2, 8, 2), (1, 8, 2)]),
              ("6144x4096", 384, 64, [(1, 8, 2), (1, 4, 2)])]
    for name, n16, kt, cfgs in shapes:
        nbytes = n16 * kt * 512
        w = cp.random.randint(0, 255, nbytes, dtype=cp.uint8)

        def timed(grid, block, a, fn=None):
            ts = []
            for _ in range(args.reps):
                k((sms * 8,), (256,), fargs)
                spin((1,), (1,), (cp.int64(1_000_000),))
                s, e = cp.cuda.Event(), cp.cuda.Event()
                s.record()
                fn() if fn else k(grid, block, a)
                e.record()
                e.synchronize()
                ts.append(cp.cuda.get_elapsed_time(s, e) * 1e3)
            return statistics.median(ts)

        half = cp.empty(nbytes // 2, dtype=cp.uint8)
        t_copy = timed(None, None, None, lambda: half.__setitem__(slice(None), w[: nbytes // 2]))
        t_flat8 = timed((sms * 8,), (256,), (w, cp.int32(n16), cp.int32(kt), cp.int32(1), cp.int32(1), cp.int32(1),
                                             cp.int32(3), cp.int32(1), sink))
        t_flat = timed((sms * 4,), (256,), (w, cp.int32(n16), cp.int32(kt), cp.int32(1), cp.int32(1), cp.int32(1),
                                            cp.int32(3), cp.int32(1), sink))
        print(f"{name} ({nbytes / 1e6:.1f} MB): flat {t_flat:.1f} us ({nbytes / t_flat / 1e6:.2f} TB/s), flat with 8 "
              f"CTAs/SM {t_flat8:.1f} us, copy of half {t_copy:.1f} us", flush=True)
        for nt, wk, u in cfgs:
            grid, block = (-(-n16 // nt),), (wk * 32,)
            row = []
            for mode, kp in ((0, 1), (1, 1), (2, 2), (2, 4), (2, 8)):
                if mode == 2 and kt % kp:
                    continue
                t = timed(grid, block, (w, cp.int32(n16), cp.int32(kt), cp.int32(nt), cp.int32(wk), cp.int32(u),
                                        cp.int32(mode), cp.int32(kp), sink))
                row.append(f"{['inter', 'chunk', 'panel'][mode]}{kp if mode == 2 else ''} {t:.1f}")
            print(f"   NT={nt} WK={wk} U={u} ({grid[0]} CTAs of {block[0]}): " + "  ".join(row) + " us", flush=True)
        del w, half


if __name__ == "__main__":
    main()
