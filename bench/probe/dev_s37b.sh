# (superseded: run in the thirty-seventh session as bench/probe/dev_s37.sh, see bench/RESULTS.md)
# prepared in the thirty-sixth session, not run. Apply first: git apply bench/notes/wgmma_l2pf.diff
# (then bash bench/probe/dev_s36g.sh: the wgmma producer prefetching its boxes PF stages ahead into L2, A/B)
bash bench/probe/dev_s36g.sh
