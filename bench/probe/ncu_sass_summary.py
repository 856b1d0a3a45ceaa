"""Warp-stall samples of an Nsight Compute source page (`ncu -i R --page source --print-source sass --csv`) by
opcode, and the share in the epilogue: the instructions from the first global store (STG) to the end of the
kernel, in address order.   python bench/probe/ncu_sass_summary.py sass.csv"""
import csv
import sys

rows = [r for r in csv.reader(open(sys.argv[1])) if r]
head = next(i for i, r in enumerate(rows) if "Address" in r and "Source" in r)
hdr, data = rows[head], rows[head + 1:]
src, samples = hdr.index("Source"), hdr.index("Warp Stall Sampling (All Samples)")
seq = []
for r in data:
    try:
        v = float(r[samples] or 0)
    except (ValueError, IndexError):
        continue
    words = [w for w in r[src].split() if not w.startswith("@")]
    seq.append((words[0].split(".")[0] if words else "", r[src].strip(), v))
total = sum(v for _, _, v in seq) or 1.0
by = {}
for op, _, v in seq:
    by[op] = by.get(op, 0.0) + v
print(f"samples: {total:.0f}")
for op, v in sorted(by.items(), key=lambda kv: -kv[1])[:12]:
    print(f"  {op:10s} {v:8.0f} {v / total:6.1%}")
first_stg = next((i for i, s in enumerate(seq) if s[0] == "STG"), None)
if first_stg is not None:
    epi = sum(v for _, _, v in seq[first_stg:])
    print(f"from the first STG on: {epi:.0f} samples ({epi / total:.1%}); STG itself "
          f"{by.get('STG', 0):.0f} ({by.get('STG', 0) / total:.1%})")
print("top instructions:")
for op, s, v in sorted(seq, key=lambda t: -t[2])[:15]:
    print(f"  {v:7.0f} {s[:90]}")
