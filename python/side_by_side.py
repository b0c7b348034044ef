"""Runs of build/znpf side by side, each with its share of the cores (scripts/compare and
scripts/sweep). Two OpenMP runs that each take every core spin on each other's barriers and
crawl (docs/benchmarks.md), so J runs at a time get cores / J threads each."""
import os
import signal
import subprocess
import sys


def share(n_runs, jobs=0):
    """(runs at a time, threads each): J = jobs or one per core, at most one per run."""
    cores = os.cpu_count() or 1
    j = max(1, min(jobs or cores, n_runs))
    return j, max(1, cores // j)


def run_all(cmds, jobs, on_done=None, quiet=False):
    """Runs the commands jobs at a time, oldest waited for first; on_done(k, exit code) after
    each. Ctrl-C passes the interrupt to the runs under way (each finishes its step and
    checkpoints), starts no more, waits for them and exits 130. Returns the exit codes in the
    order of cmds."""
    queue = list(enumerate(cmds))
    running, codes = [], [None] * len(cmds)
    stopped = []

    def stop(*_):
        # only signals: waiting here would deadlock on the wait the main loop is in
        stopped.append(True)
        queue.clear()
        for _, p in running:
            p.send_signal(signal.SIGINT)

    old = signal.signal(signal.SIGINT, stop)
    try:
        while queue or running:
            while queue and len(running) < jobs:
                k, cmd = queue.pop(0)
                out = subprocess.DEVNULL if quiet else None
                running.append((k, subprocess.Popen(cmd, stdout=out)))
            k, proc = running[0]  # stays listed while waited for, so Ctrl-C reaches it too
            codes[k] = proc.wait()
            running.pop(0)
            if on_done:
                on_done(k, codes[k])
    finally:
        signal.signal(signal.SIGINT, old)
    if stopped:
        print("interrupted: the runs under way stopped at a checkpoint (znpf resume DIR continues "
              "each)", file=sys.stderr)
        sys.exit(130)
    return codes
