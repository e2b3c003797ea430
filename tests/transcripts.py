#!/usr/bin/env python3
"""tests/transcripts.py REMIT [--update] - every transcript the READMEs
print (a line `$ build/remit ...` in a code block, and the lines after it
up to the next `$` line or the end of the block) is what that command
prints today, so a reader who runs it sees what the page says.  With
--update, the printed output is replaced by what the command prints.
Prints PASS/FAIL lines like the other suites."""
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = ["examples/README.md"]  # (README.md's transcripts use files the reader writes)


def transcripts(text):
    """(start, end, command) of each transcript: the output is text[start:end]."""
    out = []
    for m in re.finditer(r"^```\w*\n(.*?)^```", text, re.M | re.S):
        body_start = m.start(1)
        lines = m.group(1).splitlines(keepends=True)
        pos = body_start
        cur = None
        for ln in lines:
            if ln.startswith("$ "):
                if cur:
                    out.append((cur[0], pos, cur[1]))
                cur = (pos + len(ln), ln[2:].rstrip("\n")) if ln.startswith("$ build/remit ") else None
            pos += len(ln)
        if cur:
            out.append((cur[0], pos, cur[1]))
    return out


def run(remit, command):
    argv = shlex.split(command)
    argv[0] = remit
    r = subprocess.run(argv, cwd=ROOT, capture_output=True, timeout=60)
    return r.stdout.decode("utf-8", "replace")


def main():
    remit = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    fails = 0
    for page in PAGES:
        path = os.path.join(ROOT, page)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        found = transcripts(text)
        if not found:
            print("FAIL transcripts: %s prints no transcript" % page)
            fails += 1
            continue
        pieces, last = [], 0
        for start, end, command in found:
            line = text.count("\n", 0, start)
            got = run(remit, command)
            want = text[start:end]
            pieces.append(text[last:start])
            pieces.append(got if update else want)
            last = end
            if got == want or update:
                print("PASS transcripts: %s:%d prints what `%s` prints" % (page, line, command[:60]))
            else:
                fails += 1
                print("FAIL transcripts: %s:%d is not what `%s` prints; now:" % (page, line, command))
                print(got[:800])
        pieces.append(text[last:])
        if update:
            with open(path, "w", encoding="utf-8") as f:
                f.write("".join(pieces))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
