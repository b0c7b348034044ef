#!/usr/bin/env bash
# Runs each test program, shows its output, and ends with the one line CI reads:
#   N passed, N failed, N skipped
# A program that dies without reporting a failure (crash, sanitizer) counts as one failure.
set -u
pass=0; fail=0; skip=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for t in "$@"; do
    echo "== $t"
    # streamed, so a test stopped by a timeout still shows how far it got
    "$t" 2>&1 | tee "$tmp"; rc=${PIPESTATUS[0]}
    out=$(cat "$tmp")
    p=$(grep -c '^PASS' <<<"$out"); f=$(grep -c '^FAIL' <<<"$out"); s=$(grep -c '^SKIP' <<<"$out")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $t: exited with status $rc"
        f=1
    fi
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
