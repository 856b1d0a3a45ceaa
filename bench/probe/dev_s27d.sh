# twenty-seventh session, second part: (1) at 65-128 tokens, one row block of the 128-row tile ("big" with BM 80 /
# 96 / 128, split 3) against the default m80..m128 on the layers where the busiest SM's load predicts <= 0.8x
# (bench/probe/s27d_cases.txt: "shape M old new"; ab_big65_s27d.log), (2) H100 numbers for H200-only rows of
# dev_s27c.sh (ab_big_s27d.log), (3) bench/notes/big_65_128.diff applied (twins b80..b128 and the rule), warm-up,
# the whole GPU suite with it (gpu_tests_s27d.log). Land the diff if the suite passes and (1) wins.
set -u
. bench/probe/dev_setup.sh
ab() {  # log shape M env...
  local log=$1 sh=$2 m=$3; shift 3
  local args=(); for e in "$@"; do args+=(--env "NVFP4_JIT_WGMMA_CONFIG=$e"); done
  timeout 60 python3 bench/ab_env.py --bf16 --reps 30 --rounds 2 --ms $m --shapes $sh "${args[@]}" 2>&1 \
    | grep -v "^NVIDIA" | sed 's/ (err \([0-9.e-]*\))/ e\1/g; s/NVFP4_JIT_WGMMA_CONFIG=//g' | tee -a $OUT/$log
}
date +%T
while read sh m old new; do ab ab_big65_s27d.log $sh $m $old $new; done < bench/probe/s27d_cases.txt
date +%T
grep -q H100 $OUT/gpu.txt && grep -E "^(5120x8192|9216x8192|10240x14336) (160|224) " bench/probe/s27c_cases.txt | while read sh m old new; do
  ab ab_big_s27d.log $sh $m $old $new; done
date +%T
git apply bench/notes/big_65_128.diff || exit 1
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
date +%T; timeout 200 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -4 | tee $OUT/gpu_tests_s27d.log
date +%T
