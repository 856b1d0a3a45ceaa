# twenty-sixth session: does fitting the token tile to M (as _fit_bm does for m128k / m128 at 65-127 tokens) win in
# the other ranges? At 33-48 tokens (64-token tiles: m64, m64r, s64x2/3, m64k) and 129-255 (big with 256-token tiles,
# m128 in two row blocks): per shape and M, the default against the same config with BM = ceil(M / row blocks)
# rounded up to 16 (bench/probe/fit_env.py), with cuBLAS bf16 (ab_fit_s26c.log). Two rounds.
set -u
. bench/probe/dev_setup.sh
SH=28672x4096,14336x4096,8192x28672,10240x8192,4096x8192,6144x4096,4096x14336,8192x4096
python3 bench/probe/fit_env.py $SH 40,160,192 > /tmp/fit.txt
python3 -c "
from nvfp4_jit import cli, marlin
cfgs = set()
for ln in open('/tmp/fit.txt'):
    for e in ln.split()[2:]:
        v = tuple(map(int, e.split(','))); cfgs.add(v[:4] + v[5:])
cli.build_all([marlin.wgmma_spec('sm_90a', 'bf16', 16, c, tmap=True) for c in sorted(cfgs)], progress=False)"
date +%T
while read sh m old new; do
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_WGMMA_CONFIG=$old \
    --env NVFP4_JIT_WGMMA_CONFIG=$new 2>&1 | grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' \
    | tee -a $OUT/ab_fit_s26c.log
done < /tmp/fit.txt
date +%T
