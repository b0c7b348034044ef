"""What the python blocks of tests/protocol_check.sh share: the result line and reading
cycles.csv."""
import csv
import sys


def check(name, ok, got):
    """One PASS/FAIL line of the harness, 'protocol: NAME: GOT'."""
    print(("PASS" if ok else "FAIL") + " protocol: " + name + ": " + got)


def numbers(row):
    """A cycles.csv row as floats (an empty or nan cell as 0)."""
    return {k: float(v) if v not in ("", "nan") else 0.0 for k, v in row.items()}


def last_cycle(run):
    """The last row of RUN/cycles.csv as floats."""
    return numbers(list(csv.DictReader(open(run + "/cycles.csv")))[-1])


def run_given(what):
    """The run folder a block is given (argv[1]), after the check that the run (exit code in
    argv[2]) exited 0."""
    rc = int(sys.argv[2])
    check(what + " exits 0", rc == 0, "rc %d" % rc)
    return sys.argv[1]
