#!/usr/bin/env bash
# python/znpf.py and the ParaView series (tests/python/test_reader.py); numpy comes with
# scripts/setup. The example script runs too (it writes a PNG).
cd "$(dirname "$0")/.."
if ! python3 -c "import numpy" 2> /dev/null; then
    echo "FAIL python reader: numpy is missing (scripts/setup installs it)"
    exit 1
fi
python3 tests/python/test_reader.py
# python/dispersion.py: the table docs/model.md quotes, and the two limits of omega(k): long
# waves grow in proportion to k (omega/k constant as k -> 0), short waves decay (capillarity)
python3 - <<'PY' || echo "FAIL $(basename $0): a python check crashed (its traceback is above)"
import math, subprocess, sys
sys.path.insert(0, "python")
import dispersion as d
out = subprocess.run([sys.executable, "python/dispersion.py"], capture_output=True, text=True)
rows = [l for l in out.stdout.splitlines() if l.startswith("| 1") or l.startswith("| 4")]
ok = out.returncode == 0 and len(rows) == 3 and "| 10 | 0.916 | 63.6 |" in out.stdout
print(("PASS" if ok else "FAIL") + " dispersion: python/dispersion.py prints the docs/model.md table (10 mA/cm^2: 63.6 um)")
p = d.defaults()
r1 = d.omega(p, 100.0, 200e-6, 1.0) / 1.0
r2 = d.omega(p, 100.0, 200e-6, 2.0) / 2.0
ok = abs(r1 - r2) < 0.02 * abs(r1) and d.omega(p, 100.0, 200e-6, 2 * math.pi / 1e-6) < 0
print(("PASS" if ok else "FAIL") + " dispersion: omega ~ k for long waves (%.4g vs %.4g), < 0 at 1 um" % (r1, r2))
PY
