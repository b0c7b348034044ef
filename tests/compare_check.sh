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

# --seeds: each scenario run with nucleation.seed = 1 .. N; ensemble.csv's statistics of the
# last cycle's split against the test's own arithmetic on the runs' cycles.csv. Hydrogen on (the
# her: section with its defaults), so that the CE differs between cycles and layouts: without
# it every layout strips back to 1 unless a bead detaches, and the statistics could not tell a
# first-cycle read from the last
ens=${out}_seeds
rm -rf $ens
scripts/compare configs/ci/zn_cu_cycle.yaml --seeds 3 --set her.alpha=0.5 --out $ens > $ens.log 2>&1 \
    || { cat $ens.log; echo "FAIL compare: scripts/compare --seeds 3 failed"; }
python3 - "$ens" <<'PY' || echo "FAIL $(basename $0): a python check crashed (its traceback is above)"
import csv, math, re, sys
ens = sys.argv[1]
seeds = []
for k in (1, 2, 3):
    text = open(f"{ens}/zn_cu_cycle_seed{k}/scenario.yaml").read()
    m = re.search(r"^nucleation:\n(?:  .*\n)*?  seed: (\d+)", text, re.M)
    seeds.append(int(m.group(1)) if m else None)
print(("PASS" if seeds == [1, 2, 3] else "FAIL") + f" compare --seeds 3: the runs' resolved nucleation.seed: {seeds}")
ce = [float(list(csv.DictReader(open(f"{ens}/zn_cu_cycle_seed{k}/cycles.csv")))[-1]["coulombic_efficiency"])
      for k in (1, 2, 3)]
mu = sum(ce) / 3
sd = math.sqrt(sum((v - mu) ** 2 for v in ce) / 2)
row = [r for r in csv.DictReader(open(f"{ens}/ensemble.csv"))
       if r["scenario"] == "zn_cu_cycle" and r["column"] == "coulombic_efficiency"][0]
got = [float(row[c]) for c in ("mean", "std", "min", "max")] + [int(row["runs"])]
want = [mu, sd, min(ce), max(ce), 3]
good = all(abs(g - w) <= 1e-12 * max(1.0, abs(w)) for g, w in zip(got, want))
print(("PASS" if good else "FAIL") + f" compare --seeds 3: ensemble.csv's CE mean, std, min, max, runs {got} "
      f"against the runs' cycles.csv {want}")
# the seed must change the run itself (where the nuclei sit), and with hydrogen its CE
runs = [open(f"{ens}/zn_cu_cycle_seed{k}/metrics.csv").read() for k in (1, 2, 3)]
spread = len(set(runs)) == 3 and max(ce) - min(ce) > 0
print(("PASS" if spread else "FAIL") + f" compare --seeds 3: the seed changes the Zn||Cu run (three different "
      f"metrics.csv; CE {ce})")
PY
msg=$(scripts/compare configs/ci/zn_cu_cycle.yaml --seeds -1 --out $ens.bad 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $(printf '%s\n' "$msg" | wc -l) -eq 1 ] && printf '%s' "$msg" | grep -q -- "--seeds -1"; then
    echo "PASS compare: --seeds -1 refused in one line, exit $rc ($msg)"
else
    echo "FAIL compare: --seeds -1 gave exit $rc: $msg"
fi
