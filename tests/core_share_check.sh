#!/usr/bin/env bash
# Runs started side by side divide the cores (host/cli/core_share.c): a `znpf run` without
# --threads or threads: counts the live znpf runs registered in $ZNPF_RUNS_DIR and takes
# cores / runs threads. Checked against the machine's core count (nproc) read here:
# - another live run registered: this run takes nproc/2 threads (at least 1) and says so;
# - a registration left by a process that is gone is removed and does not count;
# - the run removes its own registration when it ends;
# - --threads is obeyed and does not register.
cd "$(dirname "$0")/.."
tmp=${ZNPF_TEST_TMP:-/tmp}/znpf_core_share_check
rm -rf "$tmp"
mkdir -p "$tmp/runs"
export ZNPF_RUNS_DIR="$tmp/runs"
cores=$(nproc)
half=$((cores / 2)); [ "$half" -ge 1 ] || half=1
check() { if [ "$2" = "$3" ]; then echo "PASS core share: $1: $2"; else echo "FAIL core share: $1: got '$2', expected '$3'"; fi; }
threads_of() { sed -n 's/^znpf: \([0-9]*\) CPU threads.*/\1/p' "$1" | head -1; }
scen=configs/ci/single_field.yaml

sleep 120 & other=$!
touch "$tmp/runs/$other"
./build/znpf run $scen --out "$tmp/a" --force --set backend=cpu > "$tmp/a.log" 2> /dev/null
check "beside one other live run, threads = nproc/2 ($cores cores)" "$(threads_of "$tmp/a.log")" "$half"
check "it says the cores are shared" "$(grep -c 'shared with other znpf runs' "$tmp/a.log")" 1
check "its registration is gone when it ends" "$(ls "$tmp/runs" | grep -vx "$other" | wc -l)" 0
kill $other 2> /dev/null; wait $other 2> /dev/null

# a registration whose process is gone
( exit 0 ) & dead=$!; wait $dead
touch "$tmp/runs/$dead" "$tmp/runs/$other"
./build/znpf run $scen --out "$tmp/b" --force --set backend=cpu > "$tmp/b.log" 2> /dev/null
check "registrations of ended processes do not count: threads = nproc" "$(threads_of "$tmp/b.log")" "$cores"
check "and are removed" "$(ls "$tmp/runs" | wc -l)" 0

./build/znpf run $scen --out "$tmp/c" --force --set backend=cpu --threads 1 > "$tmp/c.log" 2> /dev/null
check "--threads 1 is obeyed" "$(threads_of "$tmp/c.log")" 1
