# twenty-seventh session, last call: the tensor-parallel shards (bench/gemm.py --shapes tp) at 160 / 224 tokens with
# this session's rules (gemm_tp_s27e.md)
set -u
. bench/probe/dev_setup.sh
date +%T; timeout 200 python3 bench/gemm.py --shapes tp --ms 160,224 --reps 30 --out $OUT/gemm_tp_s27e.md 2>&1 | tail -2
date +%T
