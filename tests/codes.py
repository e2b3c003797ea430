#!/usr/bin/env python3
"""tests/codes.py - the diagnostic codes agree in three places:
compiler/codes.def (the C list of every code, with its severity and
one-line meaning), the codes the sources give (compiler/*.[ch] and
grammar/*), and SPEC.md section 9 (the table of 9.2, with its part for
the analyses of 8.2).  Every code given is in codes.def, and codes.def
has no code that is never given; SPEC 9 lists exactly codes.def's codes,
each once, with the same severity; codes.def lists each once, in order.
Prints PASS/FAIL lines like the other suites."""
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


def table():
    """codes.def's rows, in order: (code, severity in lower case, line)"""
    rows = []
    path = os.path.join(ROOT, "compiler", "codes.def")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r'RM_CODE\((R\d{4}), (ERROR|WARNING|NOTE), "', line)
            if m:
                rows.append((m.group(1), m.group(2).lower(), n))
            elif line.startswith("RM_CODE"):
                rows.append((None, None, n))
    return rows


def listed():
    """SPEC 9's rows: (code, severity)"""
    with open(os.path.join(ROOT, "SPEC.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("\n## 9. Diagnostics")
    end = text.index("\n## 10. Limits")
    return re.findall(r"^\| (R\d{4}) \| (\w*) \|", text[start:end], re.M)


def twice(codes):
    return sorted({c for c in codes if codes.count(c) > 1})


def main():
    u = used()
    rows = table()
    spec = listed()
    t = [c for c, _, _ in rows if c]
    s = [c for c, _ in spec]
    sev = {c: v for c, v, _ in rows if c}
    fails = 0
    checks = (
        ("codes.def lines not of the form RM_CODE(R1234, SEVERITY, \"meaning\")",
         ["line %d" % n for c, _, n in rows if not c]),
        ("given by the sources but not in codes.def", ["%s (%s)" % (c, u[c]) for c in sorted(set(u) - set(t))]),
        ("in codes.def but given by no source", sorted(set(t) - set(u))),
        ("listed more than once in codes.def", twice(t)),
        ("out of order in codes.def", ["%s before %s" % (a, b) for a, b in zip(t, t[1:]) if a >= b]),
        ("in codes.def but not in SPEC 9", sorted(set(t) - set(s))),
        ("in SPEC 9 but not in codes.def", sorted(set(s) - set(t))),
        ("listed more than once in SPEC 9", twice(s)),
        ("of another severity in SPEC 9 than in codes.def",
         ["%s (%s, not %s)" % (c, v, sev[c]) for c, v in spec if c in sev and v != sev[c]]),
    )
    for what, bad in checks:
        if bad:
            fails += 1
            print("FAIL codes: %d %s: %s" % (len(bad), what, ", ".join(bad)))
    if not fails:
        print("PASS codes: the %d codes of compiler/codes.def are the codes the sources give, "
              "each listed once in SPEC 9 with its severity" % len(t))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
