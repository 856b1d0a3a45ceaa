# prepared in the fortieth session for the next device call: the GPU suite on the landed code (the grouped decode's
# GEMM 1 with MINB 4, not yet run as a product commit on the GPU), then the MoE decode table with it.
set -u
bash bench/gpu_session.sh tests
. bench/probe/dev_setup.sh
timeout 200 python3 bench/moe.py --ms 1,2,4,8,16 --out $OUT/moe_s41_h100.md 2>&1 | tee $OUT/moe_s41.log | grep -v "^|"
