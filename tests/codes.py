#!/usr/bin/env python3
"""tests/codes.py - every diagnostic code the sources give is listed in
SPEC.md section 9 (the table of 9.2, with its part for the analyses of
8.2), once, and section 9 lists no code the sources never give.  Prints
PASS/FAIL lines like the other suites."""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def used():
    codes = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "compiler", "*.[ch]")) +
                       glob.glob(os.path.join(ROOT, "grammar", "*"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                for c in re.findall(r'"(R\d{4})"', line):
                    codes.setdefault(c, "%s:%d" % (os.path.relpath(path, ROOT), n))
    return codes


def listed():
    with open(os.path.join(ROOT, "SPEC.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("\n## 9. Diagnostics")
    end = text.index("\n## 10. Limits")
    rows = re.findall(r"^\| (R\d{4}) \|", text[start:end], re.M)
    return rows


def main():
    u = used()
    rows = listed()
    fails = 0
    missing = sorted(set(u) - set(rows))
    extra = sorted(set(rows) - set(u))
    twice = sorted({c for c in rows if rows.count(c) > 1})
    for what, codes, where in (("given by the sources but not in SPEC 9", missing, lambda c: " (" + u[c] + ")"),
                               ("in SPEC 9 but given by no source", extra, lambda c: ""),
                               ("listed more than once in SPEC 9", twice, lambda c: "")):
        if codes:
            fails += 1
            print("FAIL codes: %d %s: %s" % (len(codes), what, ", ".join(c + where(c) for c in codes)))
    if not fails:
        print("PASS codes: the %d codes the sources give are each listed once in SPEC 9" % len(u))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
