# (historical: bench/notes/m32k_decode_m48k.diff landed in 06b1204, widened to K <= 4096; at later commits its
# `git apply` fails and the script stops. Rerun the measurements on the landed code with dev_s25c.sh.)
# prepared in the twenty-fourth session for the next (H100, ~5 min): bench/notes/m32k_decode_m48k.diff applied as
# the default -- "m32k" (one row block) at 17-32 tokens on K <= 2048 layers 4240-8448 wide instead of mma.sync
# (ab_m32k_17_32_s24_h100.log: 8192x1024 12.9 -> 9.6 µs at 32 tokens), and two row blocks of "m48k" at 65-96 tokens
# where m64k ran two (ab_bm48_80_96_s24_h100.log: 4-6%). (1) The whole GPU suite with it (gpu_tests_s25a.log).
# (2) Same-run A/Bs, three rounds, the new default first: against mma.sync (NVFP4_JIT_WGMMA=0) at 17 / 24 / 32
# tokens on the layers it takes, and m32k forced on K = 2560-4096 layers (not taken yet: widen the rule if it
# wins) (ab_m32k_decode_s25.log); against the old m64k at 65 / 80 / 96 tokens (ab_m48k_s25.log). (3) bench/gemm.py
# on the TP shards at 24 / 32 / 96 tokens (gemm_tp_s25.md). Land with `git apply bench/notes/m32k_decode_m48k.diff`
# if (1) passes and (2) does not lose; the script reverts it at the end.
set -u
. bench/probe/dev_setup.sh
git apply bench/notes/m32k_decode_m48k.diff || exit 1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s25a.log
W=NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
timeout 120 python3 bench/ab_env.py --reps 30 --rounds 3 --ms 17,24,32 --env NVFP4_JIT_PDL=1 \
  --shapes 8192x1024,8192x1536,8192x2048,6144x1024,6144x2048,4608x1024,4608x2048,5120x2048,7168x2048 \
  --env NVFP4_JIT_WGMMA=0 2>&1 | f | tee $OUT/ab_m32k_decode_s25.log
timeout 90 python3 bench/ab_env.py --reps 30 --rounds 3 --ms 24,32 --env NVFP4_JIT_PDL=1 \
  --shapes 8192x2560,8192x3584,6144x3584,5120x3072,6144x4096 --env $W=32,1,1,4,1,1,4,2 2>&1 | f \
  | tee -a $OUT/ab_m32k_decode_s25.log
for sh in 4096x1024 4096x2048 4096x4096 4096x7168 3072x4096 2048x2048 2048x4096 1536x4096; do
  timeout 40 python3 bench/ab_env.py --reps 30 --rounds 3 --ms 65,80,96 --shapes $sh --env NVFP4_JIT_PDL=1 \
    $(python3 bench/probe/sk_env.py $sh 80 64,1,1,4,1,4,2) 2>&1 | f | tee -a $OUT/ab_m48k_s25.log  # old m64k, its split
done
timeout 120 python3 bench/gemm.py --shapes tp --reps 50 --ms 24,32,96 --out $OUT/gemm_tp_s25.md 2>&1 | tail -1
git apply -R bench/notes/m32k_decode_m48k.diff
