#!/usr/bin/env python3
"""tests/readme.py REMIT - every policy README.md prints (a code block
that begins with a `policy` line) passes `remit check` as printed, so a
new user who copies one is not met with errors.  Prints PASS/FAIL lines
like the other suites."""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    remit = os.path.abspath(sys.argv[1])
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    blocks = [m for m in re.finditer(r"^```\w*\n(.*?)^```", text, re.M | re.S)
              if m.group(1).lstrip().startswith("policy ")]
    if not blocks:
        print("FAIL readme: README.md prints no policy")
        return 1
    fails = 0
    with tempfile.TemporaryDirectory() as tmp:
        for m in blocks:
            line = text.count("\n", 0, m.start()) + 2
            path = os.path.join(tmp, "readme-%d.remit" % line)
            with open(path, "w", encoding="utf-8") as f:
                f.write(m.group(1))
            r = subprocess.run([remit, "check", "--stdlib", os.path.join(ROOT, "stdlib-policies"), path],
                               capture_output=True, text=True, timeout=60)
            if r.returncode == 0:
                print("PASS readme: the policy at README.md:%d checks as printed" % line)
            else:
                fails += 1
                print("FAIL readme: the policy at README.md:%d does not check as printed" % line)
                print(r.stdout[-600:])
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
