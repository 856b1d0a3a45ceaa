# device run (twelfth session, 4; H100): GPU suite at HEAD, then the H100 tables with the new same-bytes read columns
# (bench/gemm.py, bench/moe.py via bench/gpu_session.sh all)
set -u
bash bench/gpu_session.sh all
