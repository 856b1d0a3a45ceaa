# prepared in the twenty-sixth session for the next one: bench/notes/fit_twins.diff (every 64- / 128- / 256-token
# wgmma tile gets fitted twins, marlin.WGMMA_FITS: "big" -> b160 / b192 / b224 at 129-224 tokens, m64 / m64r / s64x2
# / s64x3 / m64d / m64k -> 48-token twins at 33-48, m128k also in two row blocks; _fit_bm picks the smallest twin that
# holds ceil(M / row blocks)). (1) apply it, the whole GPU suite (its new tile configs run through
# test_wgmma_configs_and_split_k and test_gemm_fitted_tiles_and_k_group_fill; gpu_tests_s27a.log), (2) A/B: the
# fitted default against its base tile forced (bench/probe/fit_env.py; ab_twins_s27a.log), (3) the main table's
# rows at 40 / 160 / 192 tokens (gemm_s27a.md). Land if the suite passes and no A/B row loses.
set -u
git apply bench/notes/fit_twins.diff || exit 1
. bench/probe/dev_setup.sh
date +%T; python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -4 | tee $OUT/gpu_tests_s27a.log
date +%T
python3 bench/probe/fit_env.py 28672x4096,14336x4096,8192x28672,10240x8192,4096x8192,6144x4096,4096x4096,4608x14336 \
  40,48,160,224 > /tmp/fit.txt
while read sh m old new; do
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh --env NVFP4_JIT_WGMMA_CONFIG=$old \
    --env NVFP4_JIT_PDL=1 2>&1 | grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' \
    | tee -a $OUT/ab_twins_s27a.log
done < /tmp/fit.txt
date +%T; timeout 150 python3 bench/gemm.py --reps 50 --ms 40,160,192 --out $OUT/gemm_s27a.md 2>&1 | tail -1
# (4) the m128 twins spill 20-28 bytes with D = 3 (a non-power-of-two stage size); D = 4, S = 1 and D = 2, S = 2
# compile without spills (ab_m80_ring_s27a.log: default vs those, the same BM, split and MINB)
date +%T
for sm in "28672x4096 80 80" "14336x8192 112 112" "6144x4096 160 80" "4096x8192 192 96"; do set -- $sm
  sk=$(python3 -c "from nvfp4_jit import marlin; N, K = map(int, '$1'.split('x')); print(marlin.choose_wgmma($2, N // 16, K // 64, 132)[1])")
  timeout 60 python3 bench/ab_env.py --reps 30 --rounds 2 --ms $2 --shapes $1 --env NVFP4_JIT_PDL=1 \
    --env NVFP4_JIT_WGMMA_CONFIG=$3,1,1,4,$sk,2,1 --env NVFP4_JIT_WGMMA_CONFIG=$3,1,1,2,$sk,2,2 2>&1 | grep -v "^NVIDIA" \
    | tee -a $OUT/ab_m80_ring_s27a.log
done
date +%T
