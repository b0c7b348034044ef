#!/usr/bin/env bash
# scripts/sweep: bad specifications end with one line and exit 2 before any run; a 2 x 2 sweep
# of current x concentration on a small CI scenario with a separator: every point ran with its
# own values (read back from the run's resolved scenario), sweep.csv holds each run's final
# metrics, and the Sand's-time ratio Q / (i t_s) agrees with the semi-infinite Sand's time
# pi D (n F c0)^2 / (4 (i (1 - t+))^2) where the cell is long enough for it to hold. map.png
# is drawn with matplotlib. SKIP without python3.
cd "$(dirname "$0")/.."
command -v python3 > /dev/null || { echo "SKIP sweep: python3 not installed"; exit 0; }
out=${ZNPF_TEST_TMP:-/tmp}/znpf_sweep_check
rm -rf $out $out.bad
sc=configs/ci/plate_strip_short.yaml
bad() {   # name, then the sweep arguments
    local name=$1; shift
    scripts/sweep $sc --out $out.bad "$@" > $out.msg 2>&1
    local rc=$? lines=$(wc -l < $out.msg)
    if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -q "^sweep: " $out.msg && [ ! -e $out.bad ]; then
        echo "PASS sweep refuses $name: $(cat $out.msg)"
    else
        echo "FAIL sweep refuses $name: exit $rc, $lines line(s), folder made: $([ -e $out.bad ] && echo yes || echo no)"
        cat $out.msg
    fi
}
bad "an axis without values" --x protocol.steps.0.current --y "electrolyte.concentration=0.1,0.2 M"
bad "one key on both axes" --x "protocol.steps.0.current=5,10 mA/cm^2" --y "protocol.steps.0.current=1,2 mA/cm^2"
bad "a value of the wrong dimension" --x "protocol.steps.0.current=5,10 M" --y "electrolyte.concentration=0.1,0.2 M"
bad "a list item that does not exist" --x "protocol.steps.5.current=5,10 mA/cm^2" --y "electrolyte.concentration=0.1,0.2 M"
bad "a misspelt key" --x "protocol.steps.0.curent=5,10 mA/cm^2" --y "electrolyte.concentration=0.1,0.2 M"
bad "an unknown indicator" --x "protocol.steps.0.current=5,10 mA/cm^2" --y "electrolyte.concentration=0.1,0.2 M" --indicator foo

scripts/sweep $sc --out $out --x "protocol.steps.0.current=5,20 mA/cm^2" \
    --y "electrolyte.concentration=0.05,0.2 M" --set cell.separator="100 um" \
    --set protocol.steps.0.capacity="0.1 mAh/cm^2" --set protocol.steps.2.capacity="0.1 mAh/cm^2" \
    > $out.log 2>&1 || { cat $out.log; echo "FAIL sweep: scripts/sweep failed"; exit 1; }
python3 - "$out" <<'PY' || echo "FAIL $(basename $0): a python check crashed (its traceback is above)"
import csv, importlib.machinery, importlib.util, math, os, sys
out = sys.argv[1]
sys.path.insert(0, "python")
import znpf
loader = importlib.machinery.SourceFileLoader("sweep", "scripts/sweep")
spec = importlib.util.spec_from_loader("sweep", loader)
sweep = importlib.util.module_from_spec(spec)
loader.exec_module(sweep)
rows = list(csv.DictReader(open(f"{out}/sweep.csv")))
print(("PASS" if len(rows) == 4 else "FAIL") + f" sweep: 4 points in sweep.csv (got {len(rows)})")
want_i = {"5 mA/cm^2": 50.0, "20 mA/cm^2": 200.0}
want_c = {"0.05 M": 50.0, "0.2 M": 200.0}
for j, c in enumerate(["0.05 M", "0.2 M"]):
    for i, cur in enumerate(["5 mA/cm^2", "20 mA/cm^2"]):
        run = znpf.load(f"{out}/x{i}_y{j}")
        sc = run.scenario
        got = (sc["protocol"]["steps"][0]["current"], sc["electrolyte"]["concentration"], sc["cell"]["separator"])
        ok = abs(got[0] - want_i[cur]) < 1e-9 and abs(got[1] - want_c[c]) < 1e-9 and abs(got[2] - 1e-4) < 1e-15
        print(("PASS" if ok else "FAIL") + f" sweep: point x{i}_y{j} ran at {cur}, {c} with the separator (resolved {got})")
        row = next(r for r in rows if r["protocol.steps.0.current"] == cur and r["electrolyte.concentration"] == c)
        last = {k: v[-1].item() for k, v in run.metrics.items() if k in sweep.COLUMNS}
        same = all(float(row[k]) == last[k] for k in ("charge_mAh_cm2", "height_ratio", "tips", "porosity", "c_min"))
        print(("PASS" if same else "FAIL") + f" sweep: its sweep.csv row is the run's final metrics row")
# Sand's time: the finite cells of the sweep against the semi-infinite formula, which holds when
# the cell is much longer than the diffusion length sqrt(D t_s)
D, tp, n, F = 3.7e-10, 0.4, 2.0, 96485.33212
for sep in (5e-3, 0.0):
    sc = {"protocol": {"steps": [{"type": "plate", "current": 300.0, "capacity": 3600.0}]},
          "electrolyte": {"diffusivity": D, "transference": tp, "concentration": 200.0},
          "grid": {"ny": 100, "dx": 5e-5 if sep == 0.0 else 1e-7}, "initial": {"thickness": 0.0},
          "cell": {"separator": sep}}
    ts = math.pi * D * (n * F * 200.0) ** 2 / (4 * (300.0 * (1 - tp)) ** 2)
    got = sweep.sand_ratio(sc)
    want = 3600.0 / (300.0 * ts)
    ok = abs(got - want) < 1e-6 * want
    print(("PASS" if ok else "FAIL") + f" sweep: Q/(i t_s) in a {'5 mm cell with a separator' if sep else '5 mm reservoir gap'} "
          f"{got:.8g} = semi-infinite {want:.8g} (t_s {ts:.4g} s)")
sc["protocol"]["steps"][0]["current"] = 4.0  # the 5 mm gap's limit: n F D c0 / ((1 - t+) L) = 4.76 A/m^2
print(("PASS" if sweep.sand_ratio(sc) == 0.0 else "FAIL") + " sweep: below the limiting current Q/(i t_s) = 0 (no Sand's time)")
# the docs/model.md number: 0.2 M at 30 mA/cm^2 over 210.8 um with a separator, 14.44 s
sc = {"protocol": {"steps": [{"type": "plate", "current": 300.0, "capacity": 300.0 * 14.44}]},
      "electrolyte": {"diffusivity": D, "transference": tp, "concentration": 200.0},
      "grid": {"ny": 108, "dx": 1e-7}, "initial": {"thickness": 0.0}, "cell": {"separator": 210.8e-6 - 10.8e-6}}
r = sweep.sand_ratio(sc)
print(("PASS" if abs(r - 1) < 1e-3 else "FAIL") + f" sweep: finite-cell Sand's time of docs/model.md (14.44 s): ratio {r:.5f}")
# ended_early against the run's own cycles.csv (the first cycle's plating short of its 0.1 mAh/cm^2)
for r in rows:
    i = ["5 mA/cm^2", "20 mA/cm^2"].index(r["protocol.steps.0.current"])
    j = ["0.05 M", "0.2 M"].index(r["electrolyte.concentration"])
    plated = float(list(csv.DictReader(open(f"{out}/x{i}_y{j}/cycles.csv")))[0]["plated_mAh_cm2"])
    want = int(plated < 0.099)
    # and the physics: only the point past Sand's time (Q / (i t_s) > 1) ends at the transition
    past = int(float(r["Q_over_i_ts"]) > 1.0)
    print(("PASS" if int(r["ended_early"]) == want == past else "FAIL") +
          f" sweep: x{i}_y{j} ended_early {r['ended_early']} (plated {plated:.4g} of 0.1 mAh/cm^2; Q/(i t_s) {r['Q_over_i_ts']})")
try:
    import matplotlib  # noqa: F401
    has = os.path.getsize(f"{out}/map.png") > 5000
    print(("PASS" if has else "FAIL") + " sweep: map.png drawn")
    # one point is past Sand's time and three are not: the line must cross the grid
    crossed = "no Sand's-time line" not in open(f"{out}.log").read()
    print(("PASS" if crossed else "FAIL") + " sweep: the Sand's-time line is drawn inside the grid")
except ImportError:
    print("SKIP sweep: matplotlib not installed (no map.png)")
PY

# --no-run redraws from the runs already there: no run is touched, the rows are the same
before=$(stat -c %Y $out/x0_y0/metrics.csv)
cp $out/sweep.csv $out.first.csv
scripts/sweep $sc --out $out --x "protocol.steps.0.current=5,20 mA/cm^2" \
    --y "electrolyte.concentration=0.05,0.2 M" --set cell.separator="100 um" \
    --set protocol.steps.0.capacity="0.1 mAh/cm^2" --set protocol.steps.2.capacity="0.1 mAh/cm^2" \
    --indicator porosity --no-run > $out.redraw.log 2>&1
if [ $? -eq 0 ] && cmp -s $out/sweep.csv $out.first.csv && [ "$(stat -c %Y $out/x0_y0/metrics.csv)" = "$before" ] \
   && ! grep -q "runs (" $out.redraw.log; then
    echo "PASS sweep: --no-run redraws (porosity) from the existing runs, sweep.csv unchanged, nothing re-run"
else
    echo "FAIL sweep: --no-run"; cat $out.redraw.log
fi

# Ctrl-C: the runs under way get the interrupt, stop at a checkpoint, and the sweep exits 130
# without leaving a run behind
rm -rf $out.int
scripts/sweep configs/plating_bumps.yaml --out $out.int --x "protocol.steps.0.current=5,10 mA/cm^2" \
    --y "electrolyte.concentration=1,2 M" --jobs 2 > $out.int.log 2>&1 &
pid=$!
for k in $(seq 100); do [ -f $out.int/x1_y0/metrics.csv ] && [ -f $out.int/x0_y0/metrics.csv ] && break; sleep 0.1; done
sleep 1
kill -INT $pid
for k in $(seq 40); do kill -0 $pid 2> /dev/null || break; sleep 0.5; done
if kill -0 $pid 2> /dev/null; then   # still waiting on a run 20 s after the interrupt
    kill $pid; pkill -INT -f "znpf run configs/plating_bumps.yaml --out $out.int"; rc=-1
else
    wait $pid
    rc=$?
fi
left=$(pgrep -f "znpf run configs/plating_bumps.yaml --out $out.int" | wc -l)
ckpts=$(ls $out.int/x0_y0/checkpoint*.znpf $out.int/x1_y0/checkpoint*.znpf 2> /dev/null | wc -l)
stopped=$(grep -c "znpf: stopped at" $out.int.log)   # an interrupted run says so; a finished one does not
if [ $rc -eq 130 ] && [ "$left" -eq 0 ] && [ "$ckpts" -ge 2 ] && [ "$stopped" -eq 2 ] && [ ! -e $out.int/x0_y1 ]; then
    echo "PASS sweep: Ctrl-C stops both runs under way at a checkpoint, starts no more, exits 130"
else
    echo "FAIL sweep: Ctrl-C: exit $rc, $left run(s) left, $ckpts checkpoint(s), $stopped run(s) stopped"; cat $out.int.log
    pkill -INT -f "znpf run configs/plating_bumps.yaml --out $out.int"
fi
