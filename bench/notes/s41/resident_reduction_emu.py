# forty-first session: the resident GEMM 2's unit split between CTAs and per-token reduction (resident_tokens.diff,
# templates/marlin_gemm.cu.j2 mode moe_down) emulated in Python against a direct per-(token, row) sum:
# python3 bench/notes/s41/resident_reduction_emu.py  -> ok <cases>
import random
NW = 8
def run(N16, T, top_k, G):
    U = N16 * T
    vals = {(u, r, ks): random.random() for u in range(U) for r in range(16) for ks in range(8)}
    ws = {}; out = {}; cnt = {}
    M = T // top_k
    arrivals = []
    for c in range(G):
        u0, u1 = c * U // G, (c + 1) * U // G
        nu = u1 - u0
        ks_n = max(1, NW // nu)
        assert nu >= T
        tl0, tl1 = u0 // T, (u1 - 1) // T
        for tl in range(tl0, tl1 + 1):
            for m in range(M):
                for r in range(16):
                    ia = max(u0, tl * T + m * top_k) - u0; ib = min(u1, tl * T + m * top_k + top_k) - u0
                    s = 0.0
                    for ks in range(ks_n):
                        for i in range(ia, ib):
                            s += vals[(u0 + i, r, ks)] if ks_n > 1 else sum(vals[(u0 + i, r, k)] for k in range(8))
                    n = tl * 16 + r
                    split = tl * T < u0 or (tl + 1) * T > u1
                    if split: ws[(m, n)] = ws.get((m, n), 0.0) + s
                    else: out[(m, n)] = s
        split0, split1 = tl0 * T < u0, (tl1 + 1) * T > u1
        for tl, sp in ((tl0, split0), (tl1, split1)):
            if sp:
                cnt[tl] = cnt.get(tl, 0) + 1
                if cnt[tl] == 2:
                    for m in range(M):
                        for r in range(16):
                            out[(m, tl * 16 + r)] = ws.pop((m, tl * 16 + r))
    return out, vals, M, ws
def check(N16, T, top_k, G):
    out, vals, M, ws = run(N16, T, top_k, G)
    assert not ws
    U = N16 * T
    for tl in range(N16):
        for m in range(M):
            for r in range(16):
                # units of the tile for token m
                exp = 0.0
                for j in range(m * top_k, m * top_k + top_k):
                    u = tl * T + j
                    # which CTA owns u -> ks_n
                    c = next(c for c in range(G) if c * U // G <= u < (c + 1) * U // G)
                    nu = (c + 1) * U // G - c * U // G
                    ks_n = max(1, NW // nu)
                    exp += sum(vals[(u, r, ks)] for ks in range(ks_n)) if ks_n > 1 else sum(vals[(u, r, k)] for k in range(8))
                assert abs(out[(m, tl * 16 + r)] - exp) < 1e-9, (N16, T, top_k, G, tl, m, r)
random.seed(1)
n = 0
for _ in range(300):
    top_k = random.randint(1, 8); M = random.randint(1, max(1, 16 // top_k)); T = M * top_k
    if T > 16: continue
    N16 = random.randint(1, 40); G = random.randint(1, N16)
    if -(-N16 * T // G) > 16: continue
    check(N16, T, top_k, G); n += 1
print("ok", n)
