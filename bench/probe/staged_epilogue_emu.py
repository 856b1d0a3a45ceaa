"""CPU check of bench/notes/wgmma_staged_epilogue.diff's index math: every output (m, n) of a dense wgmma tile, stored through
shared memory by stmatrix .m8n8.x4.trans and copied out in 16-byte chunks, comes from the accumulator that the kernel's
coords() assigns to it (no overlaps, every byte written), for tiles of BM 16-256, AT 1-2, WG 1-2.
    python bench/probe/staged_epilogue_emu.py"""
import itertools
def check(BM, AT, WG, by=1, m0=0):
    R = WG * AT * 64; ROWB = R * 2 + 16
    truth = {}   # (m, n) -> (thread, a, i)
    smem = {}    # byte offset -> (thread, a, i)
    for wg, w4, lane in itertools.product(range(WG), range(4), range(32)):
        g, t = lane >> 2, lane & 3
        nb0 = (by * WG + wg) * AT * 4 + w4
        for a in range(AT):
            for i in range(BM // 2):
                n = (nb0 + 4 * a) * 16 + g + 8 * ((i >> 1) & 1)
                m = m0 + 8 * (i >> 2) + 2 * t + (i & 1)
                truth[(m, n)] = (wg, w4, lane, a, i)
    # stmatrix: per warp (wg, w4), per a, q: registers r[j] of lane L hold acc (i, i+1), i = 4(2q + j//2) + 2(j%2)
    # matrix j row (reg) = L//4, word = L%4 -> element (row, 2word + e); .trans: stored at smem row (2word+e) of
    # matrix j, position row; smem row r of matrix j address from lane 8j + r
    for wg, w4 in itertools.product(range(WG), range(4)):
        for a in range(AT):
            nl = (wg * AT + a) * 64 + w4 * 16
            for q in range(BM // 16):
                addr = {}
                for L in range(32):
                    j = L >> 3
                    addr[L] = (8 * (2 * q + j // 2) + (L & 7)) * ROWB + (nl + 8 * (j % 2)) * 2
                for j in range(4):
                    for L in range(32):
                        row, word = L // 4, L % 4
                        i = 4 * (2 * q + j // 2) + 2 * (j % 2)
                        for e in range(2):
                            col = 2 * word + e          # position in the register matrix
                            srow = col                  # .trans: column col -> smem row col
                            off = addr[8 * j + srow] + 2 * row
                            assert off not in smem, "overlap"
                            smem[off] = (wg, w4, L, a, i + e)
    # copy: chunk c -> token ml, outputs row0 + 8 cc .. +7 from smem ml*ROWB + cc*16
    row0 = by * R
    CPR = R // 8
    for c in range(BM * CPR):
        ml, cc = c // CPR, c % CPR
        for k in range(8):
            got = smem[ml * ROWB + cc * 16 + 2 * k]
            assert truth[(m0 + ml, row0 + 8 * cc + k)] == got, (BM, AT, WG, c, k)
    assert len(smem) == BM * R
    return True
for BM, AT, WG in [(256,1,2),(128,1,1),(80,1,1),(16,1,2),(112,1,2),(48,1,1),(64,2,1)]:
    print(BM, AT, WG, check(BM, AT, WG, by=3, m0=BM*2))
