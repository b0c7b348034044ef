#!/usr/bin/env bash
# The test harness itself (tests/run_all.sh): a program that hangs past its limit, one that
# prints no result line, and one that crashes are failures; the summary line keeps its form.
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '#!/bin/sh\necho "PASS fine"\n' > "$tmp/ok"
printf '#!/bin/sh\necho "some output"\n' > "$tmp/silent"
printf '#!/bin/sh\nsleep 30\n' > "$tmp/hang"
printf '#!/bin/sh\necho "PASS before"\nkill -SEGV $$\n' > "$tmp/crash"
chmod +x "$tmp"/*
ZNPF_TEST_TIMEOUT=2 bash tests/run_all.sh "$tmp/ok" "$tmp/silent" "$tmp/hang" "$tmp/crash" > "$tmp/log" 2>&1
rc=$?
last=$(tail -1 "$tmp/log")
for what in "printed no result line" "stopped after 2 s" "crash: exited with status"; do
    if grep -q "$what" "$tmp/log"; then echo "PASS harness: '$what' is reported"
    else cat "$tmp/log"; echo "FAIL harness: '$what' not reported"; fi
done
if [ "$last" = "2 passed, 3 failed, 0 skipped" ] && [ $rc -ne 0 ]; then
    echo "PASS harness: summary '$last' and a non-zero exit"
else
    echo "FAIL harness: summary '$last', exit $rc (expected '2 passed, 3 failed, 0 skipped', non-zero)"
fi
