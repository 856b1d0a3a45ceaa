# prepared in the twenty-third session (H100, ~4 min): bench/notes/m64r.diff ("m64r", the m64 tile with the D = 4,
# S = 2 ring, where K is split on wide layers at 33-64 tokens) applied as the default (marlin.choose_wgmma).
# (1) The whole GPU suite with it (gpu_tests_s23b.log). (2) Same-run A/B, default (m64r) first, the old m64 forced
# with the same split second, three rounds (ab_m64r_s23.log); split-1 control: 28672x4096 with m64r forced.
# (3) bench/gemm.py on the README shapes at 32 / 64 tokens (gemm_m64_s23.md).
set -u
. bench/probe/dev_setup.sh
git apply bench/notes/m64r.diff || exit 1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
ab() { timeout 90 python3 bench/ab_env.py --reps 30 --rounds 3 "$@" 2>&1 | grep -v "^NVIDIA" \
  | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/ab_m64r_s23.log; }
timeout 150 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s23b.log
ab --shapes 8192x28672 --ms 40,48,64 --env NVFP4_JIT_PDL=1 --env $W=64,1,2,2,4,2,4
ab --shapes 16384x16384,12288x28672,14336x16384,16384x14336 --ms 40,64 --env NVFP4_JIT_PDL=1 --env $W=64,1,2,2,2,2,4
ab --shapes 28672x4096 --ms 48,64 --env NVFP4_JIT_PDL=1 --env $W=64,1,2,4,1,2,2
timeout 60 python3 bench/gemm.py --reps 50 --ms 32,64 --out $OUT/gemm_m64_s23.md 2>&1 | tail -1
git apply -R bench/notes/m64r.diff   # land it locally (git apply) if (1) passes and (2) does not lose
