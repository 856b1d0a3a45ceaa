# forty-first session: dev_s41a.sh (GPU suite on the landed code, MoE decode table) then dev_s41b.sh (launch-bound
# sweeps) in one call, for when the device budget allows only one start.
set -u
timeout 330 bash bench/probe/dev_s41a.sh
timeout 250 bash bench/probe/dev_s41b.sh
