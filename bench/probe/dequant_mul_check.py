"""Exhaustive CPU check (numpy, ~45 s per expression) that the single-multiply forms of dequant_step's A registers
(bench/notes/dequant_mul.diff) equal the two-shift forms for all 2^32 weight words: where the sign moves left by a
and the magnitude by b, and the two shifted copies of their bits do not overlap, (q & bits) * (2^a + 2^b) has no
carries, so masked it is the OR of the two shifts. Also the fp16 a[3] form, which is equal too but not used (it made
ptxas spill in three sm_90a ring variants), and scale_x2's bf16 expansion b * 16 + 0x70007000 (one LEA) against
(b << 4) | 0x70007000 for every scale byte b (the word is [b, 0, b, 0] after the byte permute).

    python bench/probe/dequant_mul_check.py
"""
import time

import numpy as np

M32 = np.uint64(0xFFFFFFFF)
u = np.uint64
S, E6, E9 = u(0x80008000), u(0x01C001C0), u(0x0E000E00)  # sign bits; bf16 / fp16 magnitude targets (8..6 / 11..9)
CASES = {
    "bf16 a[1]": (lambda q: ((q << u(1)) & S) | ((q << u(6)) & E6), lambda q: ((q & u(0x40074007)) * u(66)) & (S | E6)),
    "f16 a[1]": (lambda q: ((q << u(1)) & S) | ((q << u(9)) & E9), lambda q: ((q & u(0x40074007)) * u(514)) & (S | E9)),
    "f16 a[3]": (lambda q: ((q << u(3)) & S) | ((q << u(6)) & E9), lambda q: ((q & u(0x10381038)) * u(72)) & (S | E9)),
}


def main():
    step = 1 << 26
    for name, (old, new) in CASES.items():
        t = time.time()
        for lo in range(0, 1 << 32, step):
            q = np.arange(lo, lo + step, dtype=np.uint64)
            a, b = old(q) & M32, new(q) & M32  # (u32 arithmetic in the kernel: the product mod 2^32)
            if not np.array_equal(a, b):
                i = int(np.nonzero(a != b)[0][0])
                raise SystemExit(f"{name}: differ at q = {int(q[i]):#x}: {int(a[i]):#x} vs {int(b[i]):#x}")
        print(f"{name}: equal for all 2^32 words ({time.time() - t:.0f} s)")
    x = np.arange(256, dtype=np.uint64) * u(0x10001)  # [b, 0, b, 0]
    assert np.array_equal(((x << u(4)) | u(0x70007000)) & M32, (x * u(16) + u(0x70007000)) & M32)
    print("bf16 scale expansion: equal for all 256 scale bytes")


if __name__ == "__main__":
    main()
