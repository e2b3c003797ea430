#!/usr/bin/env python3
"""tests/transcripts.py REMIT [--update] - every transcript the pages
print is what that command prints today, so a reader who runs it sees
what the page says.  Prints PASS/FAIL lines like the other suites.

A page is read from the top, as a reader follows it:

- a line `$ build/remit ...` (or `$ remit ...`; a line ending in `\\`
  goes on to the next) in a code block, and the lines after it up to the
  next `$` line or the end of the block, is a command and what it prints;
- a code block whose first line is `# FILE` (FILE a path ending in .remit
  or .yaml) is a file the reader writes: it is written to FILE in the
  page's folder, comment line and all; `# add to FILE` adds the rest of
  the block to the end of FILE, as a walkthrough grows a policy.  A FILE
  that the repository ships must be the block as printed;
- a comment `<!-- transcript: [edit FILE LINE NEWLINE]... run COMMAND -->`
  (words quoted as in the shell) before a code block says that the block
  is what COMMAND prints once each LINE of FILE (a whole line, found once)
  is NEWLINE (an empty NEWLINE removes it), as when the page says "make
  a mistake" or "with category: capital instead"; FILE is then put back.

A line `...` in printed output stands for any lines the page leaves out.
Commands run with the page's folder as the current directory: for
examples/README.md the repository; for README.md, docs/commands.md and
docs/first-scheme.md a scratch folder (with copies of examples/ and
tests/cover/ for the first two), so that files the reader writes never touch the repository.
With --update, the printed output of each command (not of those that
leave lines out) is replaced by what it prints."""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# page -> the folders of the repository its scratch folder holds (None: run
# in the repository itself)
PAGES = [("examples/README.md", None),
         ("README.md", ["examples", "tests/cover"]),
         ("docs/commands.md", ["examples", "tests/cover"]),
         ("docs/first-scheme.md", [])]

BLOCK = re.compile(r"^```\w*\n(.*?)^```", re.M | re.S)
DIRECTIVE = re.compile(r"<!-- transcript: (.*?) -->", re.S)
FILE_LINE = re.compile(r"# (add to )?([\w./-]+\.(?:remit|yaml))\n")


def steps(text):
    """The page's steps in order: ("file", start, path, body, add),
    ("cmd", start, end, command, directive).  An output is text[start:end]."""
    out = []
    directives = [(m.end(), m.group(1)) for m in DIRECTIVE.finditer(text)]
    for m in BLOCK.finditer(text):
        body = m.group(1)
        before = [d for end, d in directives if end <= m.start() and not text[end:m.start()].strip()]
        if before:  # (a `$` line the block begins with is the command as the reader types it)
            start = m.start(1) + (len(body.split("\n", 1)[0]) + 1 if body.startswith("$ ") else 0)
            out.append(("cmd", start, m.end(1), None, before[-1]))
            continue
        fm = FILE_LINE.match(body)
        if fm:
            out.append(("file", m.start(1), fm.group(2),
                        body[fm.end():] if fm.group(1) else body, bool(fm.group(1))))
            continue
        lines = body.splitlines(keepends=True)
        pos = m.start(1)
        cur = None
        i = 0
        while i < len(lines):
            ln = lines[i]
            if ln.startswith("$ "):
                if cur:
                    out.append(("cmd", cur[0], pos, cur[1], None))
                cmd, n = ln[2:].rstrip("\n"), len(ln)
                while cmd.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    cmd = cmd[:-1] + " " + lines[i].strip()
                    n += len(lines[i])
                runs = cmd.startswith("build/remit ") or cmd.startswith("remit ")
                cur = (pos + n, cmd) if runs else None
                pos += n
            else:
                pos += len(ln)
            i += 1
        if cur:
            out.append(("cmd", cur[0], pos, cur[1], None))
    return out


def run(remit, command, cwd):
    argv = shlex.split(command)
    argv[0] = remit
    r = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=120)
    return r.stdout.decode("utf-8", "replace")


def matches(want, got):
    """Whether got is want, where a line `...` of want stands for any lines."""
    if "\n...\n" not in "\n" + want:
        return got == want
    pattern = "".join(r"(?:[^\n]*\n)*?" if ln.strip() == "..." else re.escape(ln) + r"\n"
                      for ln in want.splitlines())
    return re.fullmatch(pattern, got) is not None


def edit(cwd, words):
    """Apply the `edit FILE LINE NEWLINE` words; returns (the files as they
    were, the command) or raises ValueError with what is wrong."""
    saved = {}
    while words and words[0] == "edit":
        if len(words) < 4:
            raise ValueError("'edit' needs FILE LINE NEWLINE")
        path, old, new = words[1:4]
        words = words[4:]
        full = os.path.join(cwd, path)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        saved.setdefault(full, text)
        lines = text.split("\n")
        if lines.count(old) != 1:
            raise ValueError("the line %r is in %s %d times, not once" % (old, path, lines.count(old)))
        i = lines.index(old)
        lines[i:i + 1] = [new] if new else []
        with open(full, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    if not words or words[0] != "run" or len(words) < 2:
        raise ValueError("expected 'run COMMAND' after the edits")
    return saved, shlex.join(words[1:])


def check_page(remit, page, folders, update):
    path = os.path.join(ROOT, page)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    found = steps(text)
    if not any(s[0] == "cmd" for s in found):
        print("FAIL transcripts: %s prints no transcript" % page)
        return 1
    scratch = None
    cwd = ROOT
    if folders is not None:
        scratch = tempfile.mkdtemp(prefix="remit-transcripts-")
        cwd = scratch
        for d in folders:
            shutil.copytree(os.path.join(ROOT, d), os.path.join(scratch, d))
    fails = 0
    pieces, last = [], 0
    try:
        for step in found:
            line = text.count("\n", 0, step[1]) + 1
            if step[0] == "file":
                _, _, name, body, add = step
                shipped = os.path.join(ROOT, name)
                if scratch is None:
                    continue  # (pages run in the repository write nothing)
                if not add and os.path.exists(shipped):
                    with open(shipped, encoding="utf-8") as f:
                        if f.read() != body:
                            fails += 1
                            print("FAIL transcripts: %s:%d prints %s, but not as the repository has it"
                                  % (page, line, name))
                target = os.path.join(cwd, name)
                os.makedirs(os.path.dirname(target) or cwd, exist_ok=True)
                with open(target, "a" if add else "w", encoding="utf-8") as f:
                    f.write(body)
                continue
            _, start, end, command, directive = step
            saved = {}
            if directive is not None:
                try:
                    saved, command = edit(cwd, shlex.split(directive))
                except (ValueError, OSError) as e:
                    fails += 1
                    print("FAIL transcripts: %s:%d: the transcript comment cannot be followed: %s"
                          % (page, line, e))
                    continue
            try:
                got = run(remit, command, cwd)
            finally:
                for full, old in saved.items():
                    with open(full, "w", encoding="utf-8") as f:
                        f.write(old)
            want = text[start:end]
            elided = "\n...\n" in "\n" + want
            pieces.append(text[last:start])
            pieces.append(got if update and not elided else want)
            last = end
            if matches(want, got) or (update and not elided):
                print("PASS transcripts: %s:%d prints what `%s` prints" % (page, line, command[:60]))
            else:
                fails += 1
                print("FAIL transcripts: %s:%d is not what `%s` prints; now:" % (page, line, command))
                print(got[:1500])
        pieces.append(text[last:])
        if update:
            with open(path, "w", encoding="utf-8") as f:
                f.write("".join(pieces))
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return fails


def main():
    remit = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    fails = 0
    for page, folders in PAGES:
        fails += check_page(remit, page, folders, update)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
