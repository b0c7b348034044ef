#!/usr/bin/env bash
# scripts/width-study: each width runs the dead-Zn cycle with dx = width / 4 on the same
# 12.8 x 6.4 um domain and the chosen scheme (read back from each run's resolved scenario), a run
# stopped by RUN_TIMEOUT is reported as such with the step it reached, and the summary has one
# row per width. (The study itself, to 50 nm, is in docs/numerics.md.)
cd "$(dirname "$0")/.."
out=${ZNPF_TEST_TMP:-/tmp}/znpf_width_study_check
rm -rf "$out"
log=$(WIDTHS="0.4 0.2" RUN_TIMEOUT=4 ZNPF_SET="--set threads=1" bash scripts/width-study "$out" 2>&1)
rc=$?
fail=0
check() { # width nx ny dx(m) width(m)
    local f="$out/width_$1/scenario.yaml" got
    got=$(awk '/^ *nx:/ && !nx {nx = $2} /^ *ny:/ && !ny {ny = $2} /^ *dx:/ && !dx {dx = $2}
               /^ *width:/ && !w {w = $2} /time_scheme:/ {s = $2} /potential_coupling:/ {p = $2}
               END {print nx, ny, dx, w, s, p}' "$f" 2>/dev/null)
    if [ "$got" = "$2 $3 $4 $5 \"sbdf2\" \"linearized\"" ]; then
        echo "PASS width-study: width $1 um ran $2 x $3 cells of $4 m, width $5 m, sbdf2, linearized coupling"
    else
        echo "FAIL width-study: width $1 um: resolved '$got', expected '$2 $3 $4 $5 \"sbdf2\" \"linearized\"'"; fail=1
    fi
}
check 0.4 128 64 1e-07 4e-07
check 0.2 256 128 5e-08 2e-07
rows=$(grep -c '^0\.[42] um .*rc 124 after' <<<"$log")
if [ "$rc" -eq 0 ] && [ "$rows" -eq 2 ]; then
    echo "PASS width-study: one summary row per width, each run reported stopped by its time limit"
else
    echo "FAIL width-study: rc $rc, $rows rows: $log"
fi
rm -rf "$out"
