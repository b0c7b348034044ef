#!/usr/bin/env bash
# python/znpf.py and the ParaView series (tests/python/test_reader.py); numpy comes with
# scripts/setup. The example script runs too (it writes a PNG).
cd "$(dirname "$0")/.."
if ! python3 -c "import numpy" 2> /dev/null; then
    echo "FAIL python reader: numpy is missing (scripts/setup installs it)"
    exit 1
fi
python3 tests/python/test_reader.py
