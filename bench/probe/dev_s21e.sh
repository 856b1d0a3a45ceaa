# twenty-first session, last H100 call (~3 min): the dense GPU tests after the third rule (m64k with split K on small
# long-K narrow layers at 65-256 tokens), then bench/gemm.py on the tensor-parallel shards with all three rules
# (gemm_tp_s21.md; the same shapes as dev_s21a.sh's gemm_tp.md, which ran before them) and the m64k rows.
set -u
. bench/probe/dev_setup.sh
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 120 python3 -m pytest -q -n 8 -m gpu tests/test_marlin.py -p no:cacheprovider 2>&1 | tail -2 \
  | tee $OUT/gpu_tests_marlin.log
TP=3072x4096,4096x2048,1536x4096,4096x1024,7168x4096,4096x3584,768x4096,4096x512,3584x4096,4096x1792
TP=$TP,2560x8192,8192x2048,14336x8192,8192x7168,1280x8192,8192x1024,7168x8192,8192x3584,1024x8192,2048x8192
timeout 300 python3 bench/gemm.py --reps 50 --shapes $TP --ms 1,16,32,48,64,128 --out $OUT/gemm_tp_s21.md \
  --json $OUT/gemm_tp_s21.json 2>&1 | tail -1
