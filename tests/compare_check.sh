#!/usr/bin/env bash
# scripts/compare on two bundled CI scenarios: summary.csv holds each run's final metrics row,
# montage.png places the final frames side by side (even size), plots.png exists when
# matplotlib is installed. SKIP without python3.
cd "$(dirname "$0")/.."
command -v python3 > /dev/null || { echo "SKIP compare: python3 not installed"; exit 0; }
out=${ZNPF_TEST_TMP:-/tmp}/znpf_compare_check
rm -rf $out
scripts/compare configs/ci/plate_strip_short.yaml configs/ci/cation_transport.yaml --out $out > $out.log 2>&1 \
    || { cat $out.log; echo "FAIL compare: scripts/compare failed"; exit 1; }
python3 - "$out" <<'PY' || echo "FAIL $(basename $0): a python check crashed (its traceback is above)"
import csv, struct, sys, os
out = sys.argv[1]
rows = {r["scenario"]: r for r in csv.DictReader(open(f"{out}/summary.csv"))}
ok = True
for name in ("plate_strip_short", "cation_transport"):
    last = list(csv.DictReader(open(f"{out}/{name}/metrics.csv")))[-1]
    same = all(float(rows[name][k]) == float(last[k]) for k in ("charge_mAh_cm2", "max_height_um", "roughness_um", "c_min"))
    print(("PASS" if same else "FAIL") + f" compare: summary.csv row of {name} is its run's final metrics")
    ok &= same
def size(p):
    d = open(p, "rb").read(24)
    return struct.unpack(">II", d[16:24])
w1, h1 = size(sorted(f"{out}/plate_strip_short/frames/" + f for f in os.listdir(f"{out}/plate_strip_short/frames"))[-1])
w2, h2 = size(sorted(f"{out}/cation_transport/frames/" + f for f in os.listdir(f"{out}/cation_transport/frames"))[-1])
w, h = size(f"{out}/montage.png")
want = w1 + w2 + 6
want += want % 2
good = (w, h) == (want, max(h1, h2) + max(h1, h2) % 2)
print(("PASS" if good else "FAIL") + f" compare: montage.png is {w}x{h} (frames {w1}x{h1} and {w2}x{h2} side by side)")
cores = os.cpu_count() or 1
jobs = min(cores, 2)
want = f"compare: 2 runs, {jobs} at a time with {max(1, cores // jobs)} thread(s) each"
said = want in open(out + ".log").read()
print(("PASS" if said else "FAIL") + f" compare: the cores are divided between the runs ('{want}')")
ce = rows["plate_strip_short"].get("coulombic_efficiency", "")
cyc = list(csv.DictReader(open(f"{out}/plate_strip_short/cycles.csv")))[-1]
good = ce != "" and float(ce) == float(cyc["coulombic_efficiency"])
print(("PASS" if good else "FAIL") + f" compare: summary.csv carries the last cycle's CE ({ce})")
try:
    import matplotlib  # noqa: F401
    has = os.path.getsize(f"{out}/plots.png") > 10000
    print(("PASS" if has else "FAIL") + " compare: plots.png drawn with matplotlib")
except ImportError:
    print("SKIP compare: matplotlib not installed (no plots.png)")
PY
