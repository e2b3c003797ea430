#!/usr/bin/env python3
"""tools/audit/timed.py LINES OUT -- COMMAND...: run COMMAND with its
standard output to OUT and print, on one line, its wall time, its CPU time
(user and system, from the kernel's account of the child), LINES a wall
and a CPU second, and its peak memory (resident); exits with COMMAND's
exit code.  For `make auditcheck` and `make bench`, without GNU time."""
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit("usage: timed.py LINES OUT -- COMMAND...")
    lines, out, argv = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
    # (children the interpreter ran before, at its start, are not counted)
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with open(out, "wb") as f:
        rc = subprocess.call(argv, stdout=f)
    wall = time.monotonic() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ru.ru_utime + ru.ru_stime - ru0.ru_utime - ru0.ru_stime
    print("  %.2f s wall (%.0f lines/s), %.2f s CPU (%.0f lines a CPU second), peak %.0f MiB"
          % (wall, lines / wall if wall else 0, cpu, lines / cpu if cpu else 0, ru.ru_maxrss / 1024))
    sys.exit(rc)


if __name__ == "__main__":
    main()
