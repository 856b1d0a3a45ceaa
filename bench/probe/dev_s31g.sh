# thirty-first session: the whole GPU suite at the session's final HEAD -> gpu_tests_s31g.log (~2 min)
set -u
. bench/probe/dev_setup.sh
date +%T
python3 -m nvfp4_jit.cli warmup --arch sm_90a --jobs 16 --quiet
timeout 240 python3 -m pytest -q -n 8 -m gpu tests -p no:cacheprovider 2>&1 | tail -3 | tee $OUT/gpu_tests_s31g.log
date +%T
