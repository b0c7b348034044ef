#!/usr/bin/env bash
# A short libFuzzer campaign on the scenario loader as one test line (tests/run_all.sh counts
# it): PASS when FUZZ_SECONDS (default 30) of inputs gave no crash, hang, leak or sanitizer
# report; FAIL with the fuzzer's report otherwise; SKIP when clang's libFuzzer is missing.
cd "$(dirname "$0")/../.."
if ! command -v clang > /dev/null; then
    echo "SKIP fuzz: clang not installed (scripts/setup installs it)"
    exit 0
fi
if ! make -s build/fuzz_scenario > build/fuzz.log 2>&1; then
    tail -20 build/fuzz.log
    echo "FAIL fuzz: the harness did not build (see build/fuzz.log)"
    exit 1
fi
if make -s fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}" >> build/fuzz.log 2>&1; then
    echo "PASS fuzz: scenario loader, $(grep -o 'Done [0-9]* runs in [0-9]* second' build/fuzz.log)s, no report"
else
    tail -40 build/fuzz.log
    echo "FAIL fuzz: scenario loader (crash input saved as crash-* in $(pwd))"
    exit 1
fi
