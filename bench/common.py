"""Timing helpers shared by the benchmarks: CUDA events, L2 flushed before every run, median of many runs."""
import contextlib
import os
import statistics
import warnings

import torch

_flush = None
# How the L2 is emptied before each timed run. "read" (default) streams a 512 MiB buffer through it, so the timed
# kernel starts with an L2 of clean, unrelated lines; "write" (the method before, like triton's do_bench) zero-fills
# it, which leaves the L2 full of dirty lines whose write-back to HBM is then charged to the timed kernel.
FLUSH = os.environ.get("NVFP4_BENCH_FLUSH", "read")


def flush_l2(mode=None):
    global _flush
    if _flush is None:
        _flush = torch.ones(512 * 1024 * 1024 // 4, dtype=torch.int32, device="cuda")  # >> L2 (50-60 MB)
    mode = mode or FLUSH
    if mode == "write":
        _flush.zero_()
    elif mode == "read":
        _flush.max()
    else:
        raise ValueError(f"flush mode {mode!r}: expected 'read' or 'write'")


# After the flush the GPU spins this many cycles (~0.5 ms) before the start event, so that the host has enqueued
# fn() by the time the GPU reaches it: the time is then device time, without the host's Python launch overhead
# showing up as idle GPU time (as in a serving engine whose host runs ahead of the GPU).
HOLD_CYCLES = 1_000_000


def time_us(fn, reps=50, warmup=5, flush=None) -> float:
    """Median device time of fn() in microseconds, L2 flushed (``flush`` mode, default FLUSH) before each run and
    the host's launch overhead hidden (HOLD_CYCLES)."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    for i in range(reps):
        flush_l2(flush)
        torch.cuda._sleep(HOLD_CYCLES)
        starts[i].record()
        fn()
        ends[i].record()
    torch.cuda.synchronize()
    return statistics.median(s.elapsed_time(e) for s, e in zip(starts, ends)) * 1e3


def capture_graph(fn, warmup=3) -> torch.cuda.CUDAGraph:
    """fn run ``warmup`` times on a side stream (allocations, lazy init), then captured once in a CUDA graph."""
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(warmup):
            fn()
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        fn()
    return g


def replay_flushed(g: torch.cuda.CUDAGraph, n: int) -> None:
    """n replays of g, each after an L2 flush and the HOLD_CYCLES spin (as time_us times them)."""
    for _ in range(n):
        flush_l2()
        torch.cuda._sleep(HOLD_CYCLES)
        g.replay()


def time_graph_us(fn, reps=50, flush=None) -> float:
    """Like time_us, but fn is captured once in a CUDA graph and its replays are timed: device time without the
    host's launch overhead (how serving engines run decode steps)."""
    return time_us(capture_graph(fn).replay, reps=reps, warmup=3, flush=flush)


def copy_bandwidth() -> float:
    """Achievable HBM bandwidth in bytes/s: a 2 GiB device-to-device copy, bytes read + written."""
    n = 1 << 30
    a = torch.empty(n, dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    t = time_us(lambda: b.copy_(a), reps=20)
    del a, b
    return 2 * n / (t * 1e-6)


def read_bandwidth() -> float:
    """HBM read bandwidth in bytes/s: a max-reduction over 2 GiB (reads only)."""
    a = torch.ones(1 << 29, dtype=torch.int32, device="cuda")
    t = time_us(lambda: a.max(), reps=20)
    del a
    return 4 * (1 << 29) / (t * 1e-6)


_READ_SRC = r"""
extern "C" __global__ void plain_read(const uint4* __restrict__ p, long long n, unsigned* sink) {
    // grid-stride, four 16-byte loads in flight per thread; xor-reduced so that the loads are kept
    const long long stride = (long long)gridDim.x * blockDim.x;
    unsigned acc = 0;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += 4 * stride) {
        uint4 v[4];
#pragma unroll
        for (int u = 0; u < 4; ++u) {
            v[u] = make_uint4(0, 0, 0, 0);
            if (i + u * stride < n)
                asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];"
                             : "=r"(v[u].x), "=r"(v[u].y), "=r"(v[u].z), "=r"(v[u].w) : "l"(p + i + u * stride));
        }
#pragma unroll
        for (int u = 0; u < 4; ++u) acc ^= v[u].x ^ v[u].y ^ v[u].z ^ v[u].w;
    }
    if (acc == 0x9e3779b9u) sink[0] = acc;
}
"""
_read_kernel = None


def plain_read(buf: torch.Tensor) -> None:
    """Read buf's bytes (a multiple of 16) once with a plain grid-stride kernel (CuPy), on torch's current stream
    (so it can be captured in a CUDA graph): what reading that many bytes costs, launch and ramp included."""
    global _read_kernel
    import cupy

    if _read_kernel is None:  # (compiled once; the grid: 4 CTAs of 256 threads per SM)
        _read_kernel = (cupy.RawKernel(_READ_SRC, "plain_read"), torch.zeros(1, dtype=torch.int32, device="cuda"),
                        torch.cuda.get_device_properties(buf.device).multi_processor_count)
    kernel, sink, sms = _read_kernel
    with warnings.catch_warnings():  # (CuPy 14 deprecates ExternalStream, as in nvfp4_jit.jit)
        warnings.simplefilter("ignore", DeprecationWarning)
        stream = cupy.cuda.ExternalStream(torch.cuda.current_stream().cuda_stream)
    with stream:
        kernel((4 * sms,), (256,), (cupy.uint64(buf.data_ptr()), cupy.int64(buf.numel() * buf.element_size() // 16),
                                    cupy.uint64(sink.data_ptr())))


def device_name() -> str:
    p = torch.cuda.get_device_properties(0)
    return f"{p.name} ({p.multi_processor_count} SMs), torch {torch.__version__}"


@contextlib.contextmanager
def env_overrides(env: dict):
    """Set the environment variables in ``env`` for the block, then restore the previous values."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def sweep(run, out, ref, settings, reps=20):
    """For each (label, env) in settings: set the env overrides, run once into ``out`` (poisoned first), measure
    the relative error vs ``ref`` and the median time. Returns [(µs, label, rel_err)] sorted by time; the env is
    restored afterwards."""
    res = []
    for label, env in settings:
        with env_overrides(env):
            out.fill_(float("nan"))
            run()
            err = ((out.float() - ref).norm() / ref.norm()).item()
            res.append((time_us(run, reps=reps), label, err))
    return sorted(res, key=lambda r: r[0])


def tuning_parser(shapes: str, ms: str, sks: str):
    """The tuning scripts' common arguments (--shapes "NxK,...", --ms, --sks split-K factors, --reps)."""
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default=shapes)
    ap.add_argument("--ms", default=ms)
    ap.add_argument("--sks", default=sks)
    ap.add_argument("--reps", type=int, default=20)
    return ap


MOE_MODELS = {  # name: (E, top_k, H, I, fmt)
    "qwen3": (128, 8, 2048, 768, "nvfp4"),  # Qwen3-30B-A3B
    "mixtral": (8, 2, 4096, 14336, "nvfp4"),  # Mixtral-8x7B
    "gptoss": (32, 4, 2880, 2880, "mxfp4"),  # gpt-oss-20b
    "mixtral22": (8, 2, 6144, 16384, "nvfp4"),  # Mixtral-8x22B (large experts; tuning only)
    "scout": (16, 1, 5120, 8192, "nvfp4"),  # Llama-4-Scout's routed experts (tuning only)
}


def moe_cases(models: str, ms: str):
    """The MoE tuning scripts' cases: for each model of MOE_MODELS random experts (w13 prepared with gate_up), and
    for each M a bf16 x and softmax top-k routing. Yields (name, M, x, p13, p2, topk_weights, int32 topk_ids)."""
    from nvfp4_jit import moe
    from nvfp4_jit.numerics import NVFP4Weight

    for name in models.split(","):
        E, k, H, I, fmt = MOE_MODELS[name]
        w13 = [NVFP4Weight.quantize(torch.randn(2 * I, H, device="cuda") * H ** -0.5, fmt=fmt) for _ in range(E)]
        w2 = [NVFP4Weight.quantize(torch.randn(H, I, device="cuda") * I ** -0.5, fmt=fmt) for _ in range(E)]
        p13, p2 = moe.prepare_moe_weight(w13, gate_up=True), moe.prepare_moe_weight(w2)
        del w13, w2
        for M in map(int, ms.split(",")):
            x = torch.randn(M, H, device="cuda", dtype=torch.bfloat16)
            tw, ti = torch.topk(torch.randn(M, E, device="cuda").softmax(-1), k, dim=-1)
            yield name, M, x, p13, p2, tw, ti.to(torch.int32)
        del p13, p2


def gemm_cases(shapes: str, ms: str):
    """The tuning scripts' cases: for each "NxK" in ``shapes`` a random prepared NVFP4 weight, and for each M in
    ``ms`` a bf16 x, the fp32 reference x @ W^T of the dequantized weight and an output buffer.
    Yields (N, K, prepared, wd, M, x, ref, out) with wd the fp32 dequantized weight."""
    from nvfp4_jit import marlin
    from nvfp4_jit.numerics import NVFP4Weight

    for shape in shapes.split(","):
        N, K = map(int, shape.split("x"))
        p = marlin.prepare_weight(NVFP4Weight.quantize(torch.randn(N, K, device="cuda") * 0.02))
        wd = marlin.dequantize(p, torch.bfloat16).float() * p.gscale_host
        for M in map(int, ms.split(",")):
            x = torch.randn(M, K, device="cuda", dtype=torch.bfloat16)
            yield N, K, p, wd, M, x, x.float() @ wd.t(), torch.empty(M, N, device="cuda", dtype=torch.bfloat16)


def route_times(shapes: str, ms: str, path: str, reps: int = 50) -> list[str]:
    """"NxK/M: µs" of marlin.gemm's default dispatch for the gemm_cases rows it routes to ``path`` ("wgmma",
    "mma.sync", ...), each checked against the fp32 reference (" BAD err" past 1e-2): for same-machine A/Bs of
    template variants (bench/probe/*_times.py, run once per variant)."""
    from nvfp4_jit import jit, marlin

    res = []
    for N, K, p, _, M, x, ref, out in gemm_cases(shapes, ms):
        if marlin.route(M, p.n16, p.kt, jit.device_arch(0), sms=marlin._num_sms(0)) != path:
            continue
        marlin.gemm(x, p, out=out)
        err = ((out.float() - ref).norm() / ref.norm()).item()
        t = time_us(lambda: marlin.gemm(x, p, out=out), reps=reps)
        res.append(f"{N}x{K}/{M}: {t:.1f}" + ("" if err < 1e-2 else f" BAD {err:.1e}"))
    return res


def cuobjdump(spec, flag: str) -> str:
    """cuobjdump ``flag`` ("-sass", "-res-usage") of the compiled cubin of a jit.KernelSpec (the probes' SASS and
    register checks; CUOBJDUMP = the tool's path, default cuobjdump on PATH)."""
    import subprocess
    import tempfile

    from nvfp4_jit import jit

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "k.cubin")
        with open(path, "wb") as f:
            f.write(jit.build(spec).cubin)
        return subprocess.run([os.environ.get("CUOBJDUMP", "cuobjdump"), flag, path], capture_output=True,
                              text=True, check=True).stdout


def ptxas_log(spec) -> str:
    """NVRTC's log of compiling a jit.KernelSpec with ptxas -v (registers, spills per kernel; no GPU, no cuobjdump):
    the compile options the package uses, without its cache."""
    from cupy_backends.cuda.libs import nvrtc

    from nvfp4_jit import jit

    prog = nvrtc.createProgram(spec.render(), "k.cu", [], [])
    try:
        nvrtc.compileProgram(prog, list(jit.compile_options(spec.arch)) + ["--ptxas-options=-v"])
        return nvrtc.getProgramLog(prog)
    finally:
        nvrtc.destroyProgram(prog)
