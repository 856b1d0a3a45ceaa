# (historical: bench/notes/m32k_decode_m48k.diff landed in 06b1204, widened to K <= 4096; at later commits its
# `git apply` fails and the script stops. Rerun the measurements on the landed code with dev_s25c.sh.)
# twenty-fifth session, a shorter dev_s25a.sh (the device budget shrank to ~1100 s through refused starts): the
# diff bench/notes/m32k_decode_m48k.diff as the default, (1) the whole GPU suite (gpu_tests_s25b.log), (2) same-run
# A/Bs, three rounds, new default first: against mma.sync at 17 / 24 / 32 tokens on the layers m32k takes
# (ab_m32k_decode_s25.log), against the old m64k (its split) at 65 / 80 / 96 on four layers (ab_m48k_s25.log),
# (3) bench/gemm.py on the TP shards at 32 / 96 tokens (gemm_tp_s25.md). Reverts the diff at the end.
set -u
. bench/probe/dev_setup.sh
git apply bench/notes/m32k_decode_m48k.diff || exit 1
date +%T; python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s25b.log
f() { grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA=1,NVFP4_JIT_WGMMA_CONFIG=//g'; }
date +%T; timeout 120 python3 bench/ab_env.py --reps 30 --rounds 3 --ms 17,24,32 --env NVFP4_JIT_PDL=1 \
  --shapes 8192x1024,8192x1536,8192x2048,6144x1024,6144x2048,4608x1024,4608x2048,5120x2048,7168x2048 \
  --env NVFP4_JIT_WGMMA=0 2>&1 | f | tee $OUT/ab_m32k_decode_s25.log
for sh in 4096x1024 4096x2048 4096x4096 2048x4096; do
  date +%T; timeout 40 python3 bench/ab_env.py --reps 30 --rounds 3 --ms 65,80,96 --shapes $sh --env NVFP4_JIT_PDL=1 \
    $(python3 bench/probe/sk_env.py $sh 80 64,1,1,4,1,4,2) 2>&1 | f | tee -a $OUT/ab_m48k_s25.log  # old m64k, its split
done
date +%T; timeout 100 python3 bench/gemm.py --shapes tp --reps 50 --ms 32,96 --out $OUT/gemm_tp_s25.md 2>&1 | tail -1
date +%T; git apply -R bench/notes/m32k_decode_m48k.diff
