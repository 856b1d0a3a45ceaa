"""Python models of the wgmma consumer loop (templates/marlin_gemm.cu.j2, mode "wgmma") before and after
bench/notes/wgmma_static_loop.diff, transcribed from the template: for every S, U, KG, D, K-slice length and K group they
multiply the same batches (ring slot, sub-tile, register buffer, partial-batch size) in the same order, read and
dequantize the same super-tiles, release the same stages, and every read follows a wait for its stage's (slot,
phase). CPU only:  python bench/probe/wgmma_loop_model.py"""
# Python models of the wgmma consumer loop, before (cursor) and after (stage-unrolled), comparing event sequences.
def old(S, U, KG, D, n_kt, kg):
    ev = []
    cur = dict(sub=0, stage=kg, d=kg, ph=0); prev = dict(sub=-1, stage=0, d=0, ph=0)
    tile = lambda c: c['stage'] * S + c['sub']
    def nxt(c):
        c = dict(c); c['sub'] += U
        if c['sub'] == S:
            c['sub'] = 0; c['stage'] += KG; c['d'] += KG
            if c['d'] >= D: c['d'] -= D; c['ph'] ^= 1
        return c
    def read(c):
        ev.append(('wait', c['d'], c['ph'])); ev.append(('read', c['d'], c['sub'], min(U, n_kt - tile(c))))
    if tile(cur) < n_kt: read(cur); ev.append(('deq', 0))
    more = True
    while more:
        for s in range(2):
            if tile(cur) >= n_kt: more = False; break
            nu = min(U, n_kt - tile(cur))
            ev.append(('mma', cur['d'], cur['sub'], s, nu))
            if prev['sub'] == S - U: ev.append(('rel', prev['d']))
            prev = cur; cur = nxt(cur)
            if tile(cur) < n_kt: read(cur); ev.append(('deq', s ^ 1))
    return ev

def new(S, U, KG, D, n_kt, kg):
    ev = []; SU = S // U
    st, d, pd, ph = kg, kg, -1, 0
    if st * S < n_kt:
        ev.append(('wait', d, ph)); ev.append(('read', d, 0, min(U, n_kt - st * S))); ev.append(('deq', 0))
    done = False
    while st * S < n_kt and not done:
        for h in range(1 if SU % 2 == 0 else 2):
            if h > 0 and st * S >= n_kt: done = True; break
            t0 = st * S
            for b in range(SU):
                buf = (h * SU + b) % 2; sub = b * U
                if b > 0 and t0 + sub >= n_kt: done = True; break
                ev.append(('mma', d, sub, buf, min(U, n_kt - (t0 + sub))))
                if b == 0 and pd >= 0: ev.append(('rel', pd))
                if b + 1 < SU:
                    if t0 + sub + U < n_kt:
                        ev.append(('read', d, sub + U, min(U, n_kt - (t0 + sub + U)))); ev.append(('deq', 1 - buf))
                else:
                    pd = d; st += KG; d += KG
                    if d >= D: d -= D; ph ^= 1
                    if st * S < n_kt:
                        ev.append(('wait', d, ph)); ev.append(('read', d, 0, min(U, n_kt - st * S))); ev.append(('deq', 1 - buf))
            if done: break
    return ev

n = 0
for S in (1, 2, 3, 4, 6, 8):
    for U in (1, 2, 3, 4):
        if S % U: continue
        for KG in (1, 2, 3):
            for D in range(2 * KG, 9):
                if D % KG: continue
                for n_kt in range(0, 60):
                    for kg in range(KG):
                        a, b = old(S, U, KG, D, n_kt, kg), new(S, U, KG, D, n_kt, kg)
                        # the old loop waits before every read; the new one once per stage: compare without the
                        # waits, and check that every new read follows a wait for its stage's (slot, phase)
                        strip = lambda e: [x for x in e if x[0] != 'wait']
                        assert strip(a) == strip(b), (S, U, KG, D, n_kt, kg, strip(a)[:12], strip(b)[:12])
                        waited = {}
                        for x in a:
                            if x[0] == 'wait': last_old = (x[1], x[2])
                        cur = None
                        for x in b:
                            if x[0] == 'wait': cur = (x[1], x[2])
                            if x[0] == 'read': assert cur is not None and cur[0] == x[1]
                        # the phase of each new wait equals the old one for the same read
                        wa = [x for x in a if x[0] == 'wait']
                        rb = []
                        cur = None
                        for x in b:
                            if x[0] == 'wait': cur = x
                            if x[0] == 'read': rb.append(cur)
                        assert [(w[1], w[2]) for w in wa] == [(w[1], w[2]) for w in rb]
                        n += 1
print("equal event sequences in", n, "cases")
