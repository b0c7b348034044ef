"""python/znpf.py and the ParaView time series against the files themselves.

Runs a short plate/rest/strip scenario with three field snapshots, once uncompressed and once
with output.compress, then checks, against numpy's own .npy reader and the csv module:
  - fields.pvd lists the three snapshot images with the times of snapshots.csv;
  - each .vti holds the fields with the grid of fields.txt and exactly the values of the .npy;
  - znpf.load gives the metrics, cycles, scenario, grid, snapshots and final fields.
Prints PASS/FAIL lines for tests/run_all.sh.
"""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import znpf  # noqa: E402

failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS " if ok else "FAIL ") + "python reader: " + name + (": " + detail if detail else ""))
    failures += 0 if ok else 1


def csv_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def run_case(tmp, compress):
    out = os.path.join(tmp, "run%d" % compress)
    cmd = [os.path.join(ROOT, "build", "znpf"), "run", os.path.join(ROOT, "configs/ci/plate_strip_short.yaml"),
           "--out", out, "--force", "--quiet", "--set", "output.field_snapshots=1",
           "--set", "output.interval=12", "--set", "output.compress=%d" % compress]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        check("znpf run (compress %d)" % compress, False, r.stderr.strip())
        return
    tag = "compress %d" % compress
    snaps = csv_rows(os.path.join(out, "snapshots.csv"))
    series = znpf.read_pvd(os.path.join(out, "fields.pvd"))
    check("%s: fields.pvd lists 3 snapshots" % tag, len(series) == 3 == len(snaps), "%d, %d" % (len(series), len(snaps)))
    check("%s: series times equal snapshots.csv" % tag,
          [t for t, _ in series] == [float(s["time_s"]) for s in snaps], str([t for t, _ in series]))
    with open(os.path.join(out, "fields.txt")) as f:
        kv = dict(line.split() for line in f if line.split() and line.split()[0] in ("nx", "ny"))
    shape = (int(kv["ny"]), int(kv["nx"]))
    worst = 0.0
    for k, (_, path) in enumerate(series):
        got = znpf.read_vti(path)
        for name in ("xi", "c", "phi"):
            ref = np.load(os.path.join(out, "%s_%05d.npy" % (name, k)))
            if got[name].shape != shape or ref.shape != shape:
                worst = np.inf
            else:
                worst = max(worst, float(np.max(np.abs(got[name] - ref))))
    check("%s: .vti values equal the .npy snapshots exactly, shape %s" % (tag, shape), worst == 0.0, "max diff %g" % worst)
    if compress:
        plain = os.path.getsize(os.path.join(tmp, "run0", "fields_00001.vti"))
        packed = os.path.getsize(os.path.join(out, "fields_00001.vti"))
        check("compress 1: the zlib image is smaller (%d vs %d bytes)" % (packed, plain), packed < plain)
        return
    run = znpf.load(out)
    rows = csv_rows(os.path.join(out, "metrics.csv"))
    same = all(np.array_equal(run.metrics[c], np.array([float(r[c]) for r in rows]), equal_nan=True)
               for c in ("time_s", "charge_mAh_cm2", "max_height_um"))
    check("load: metrics columns equal the csv module's parse (%d rows)" % len(rows), same)
    check("load: protocol_step is read as text", list(run.metrics["protocol_step"]) == [r["protocol_step"] for r in rows])
    cyc = csv_rows(os.path.join(out, "cycles.csv"))
    check("load: cycles.csv coulombic_efficiency",
          np.allclose(run.cycles["coulombic_efficiency"], [float(r["coulombic_efficiency"]) for r in cyc]))
    check("load: scenario kinetics.i0 = 10 A/m^2 and one plate step",
          run.scenario["kinetics"]["i0"] == 10 and run.scenario["protocol"]["steps"][0]["type"] == "plate",
          str(run.scenario["kinetics"]))
    check("load: grid from fields.txt", (run.grid["ny"], run.grid["nx"]) == shape and run.grid["dx_m"] > 0)
    sn = run.snapshots
    check("load: 3 snapshots with their times and fields",
          len(sn) == 3 and sn[1].time_s == float(snaps[1]["time_s"]) and
          np.array_equal(sn[1].fields["xi"], np.load(os.path.join(out, "xi_00001.npy"))))
    check("load: final fields equal xi.npy", np.array_equal(run.fields["xi"], np.load(os.path.join(out, "xi.npy"))))
    check("load: series() reads the ParaView series", len(run.series()) == 3)


def example(tmp):
    """python/examples/plot_run.py draws a run (needs matplotlib, which scripts/setup installs)."""
    png = os.path.join(tmp, "plot.png")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "python", "examples", "plot_run.py"),
                        os.path.join(tmp, "run0"), "--out", png], capture_output=True, text=True)
    ok = r.returncode == 0 and os.path.exists(png) and os.path.getsize(png) > 10000
    check("examples/plot_run.py draws the run (%s)" % (r.stderr.strip()[-200:] or png), ok)
    png = os.path.join(tmp, "split.png")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "python", "examples", "plot_split.py"),
                        os.path.join(tmp, "run0"), "--out", png], capture_output=True, text=True)
    ok = r.returncode == 0 and os.path.exists(png) and os.path.getsize(png) > 5000
    check("examples/plot_split.py draws the cycle's split (%s)" % (r.stderr.strip()[-200:] or png), ok)


with tempfile.TemporaryDirectory() as tmp:
    run_case(tmp, 0)
    run_case(tmp, 1)
    example(tmp)
sys.exit(1 if failures else 0)
