# device run (sixteenth session, 3; H100 or H200): the tables at the session's final code: prebuild, GPU suite,
# python bench/gemm.py --reps 50 and python bench/moe.py (bench/gpu_session.sh all)
set -u
bash bench/gpu_session.sh all 2>&1 | grep -v "PytestBenchmarkWarning\|warner("
