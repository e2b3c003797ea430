#!/usr/bin/env python3
"""tests/edges.py REMIT [--seed N] [--trees N] [--streams N]

The edges of the `remit` tool, where the libFuzzer harnesses (which feed
memory) cannot reach: folders, links, FIFOs, streams, failed writes and
command lines (SPEC 10.3).  Everything is generated here, at run time, in
a temporary folder: nothing large is committed.

Two parts:
  * fixed cases, one for each way the tool was once broken (a folder 1,000
    levels deep, link loops, a FIFO named like a test file, an over-long
    batch line under a memory cap, a batch that is a folder, output to a
    full disk or past a file size limit, a misspelt test file key,
    options given twice, graph -o naming the policy...);
  * generated cases ("fuzzing the files"): random folder trees of test
    files, links (to folders above, to files, dangling), FIFOs and stray
    files, and random batch streams (good and bad lines, blank lines,
    carriage returns, NUL bytes, lines either side of the 1 MiB bound, no
    final newline) fed in random pieces through a pipe.  Each is checked
    against what SPEC 10.3 and 7.12 promise: the walk ends, runs every
    test file it can reach exactly once and says why it skipped anything;
    a batch gives exactly one record for each line that is not blank, in
    order, and its exit code says whether any was an error.

`timeout`s only stop a hang from stalling the suite; nothing asserts a
speed.  Prints PASS/FAIL lines, like tests/bad-input.sh.
"""
import argparse
import json
import os
import random
import resource
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICY = os.path.join(ROOT, "examples", "icb-scheme.remit")
MAX_LINE = 1 << 20  # RM_MAX_BATCH_LINE

GOOD = ('{"matter":"spend","decider":"cfo","date":"2026-11-20","fields":{"amount":"£200,000",'
        '"category":"revenue","risk":3,"supplier":"Acme Health Ltd"},"context":{"incident_level":0}}')
RISKY = GOOD.replace('"risk":3', '"risk":16').replace('£200,000', '£20,000')
TEST_FILE = ("policy: %s\ntests:\n  - name: the director of finance spends\n"
             "    decision: %s\n    expect: permitted\n")

failures = 0


def report(ok, name, detail=""):
    global failures
    if ok:
        print("PASS edges %s" % name)
    else:
        failures += 1
        print("FAIL edges %s" % name)
        for line in str(detail).splitlines()[:8]:
            print("  " + line[:300])


class Run:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def text(self):
        return self.out.decode("utf-8", "replace") + self.err.decode("utf-8", "replace")


def remit(args, stdin=None, stdout=None, timeout=60, limits=None, cwd=None, feed=None):
    """Run remit with args; stdin a file object, fd or None; feed: a list
    of byte pieces written to a pipe by a thread; limits: rlimits to set."""
    def pre():
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        for res, val in (limits or {}).items():
            resource.setrlimit(res, (val, val))
    p = subprocess.Popen([REMIT] + args, stdin=subprocess.PIPE if feed is not None else stdin,
                         stdout=stdout if stdout is not None else subprocess.PIPE,
                         stderr=subprocess.PIPE, preexec_fn=pre, cwd=cwd)
    if feed is not None:
        def writer():
            try:
                for piece in feed:
                    p.stdin.write(piece)
                    p.stdin.flush()
            except BrokenPipeError:
                pass
            finally:
                try:
                    p.stdin.close()
                except BrokenPipeError:
                    pass
        t = threading.Thread(target=writer)
        t.start()
    try:
        out, err = p.communicate(timeout=timeout) if feed is None else (
            p.stdout.read() if p.stdout else b"", p.stderr.read())
        if feed is not None:
            p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return Run(-999, out or b"", (err or b"") + b"\n(timed out)")
    if feed is not None:
        t.join()
    return Run(p.returncode, out or b"", err or b"")


def sanitizer_clean(r):
    return b"Sanitizer" not in r.err and b"runtime error" not in r.err and r.rc >= 0


# ------------------------------------------------------------ folders

def write_test(path, expect="permitted"):
    with open(path, "w") as f:
        f.write(TEST_FILE.replace("expect: permitted", "expect: " + expect) % (POLICY, GOOD))


def closing(r):
    """The counts of remit test's closing line, or None."""
    for line in reversed(r.out.decode("utf-8", "replace").splitlines()):
        parts = line.split()
        if len(parts) == 4 and parts[1] == "passed," and parts[3] == "failed":
            return int(parts[0]), int(parts[2])
    return None


def fixed_folders(tmp):
    # 1. a folder 1,000 levels deep: no crash, the test at the bottom runs
    deep = os.path.join(tmp, "deep")
    p = deep
    os.mkdir(p)
    for _ in range(1000):
        p = os.path.join(p, "d")
        os.mkdir(p)
    write_test(os.path.join(p, "x.test.yaml"))
    r = remit(["test", deep])
    report(r.rc == 0 and closing(r) == (1, 0) and sanitizer_clean(r), "folder 1,000 levels deep", r.text()[-400:])

    # deeper than the system lets a path be named: an error that says so
    d2 = os.path.join(tmp, "deeper")
    os.mkdir(d2)
    here = os.getcwd()
    os.chdir(d2)
    try:
        for _ in range(2300):
            os.mkdir("d")
            os.chdir("d")
        write_test("x.test.yaml")
    finally:
        os.chdir(here)
    r = remit(["test", d2])
    report(r.rc == 2 and b"File name too long" in r.err and sanitizer_clean(r),
           "folder deeper than a path can name: exit 2, says why", r.text()[-300:])
    # shutil.rmtree cannot remove it by path; walk down with chdir
    os.chdir(d2)
    try:
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for _ in range(depth):
            for n in os.listdir("."):
                os.unlink(n) if not os.path.isdir(n) else os.rmdir(n)
            os.chdir("..")
        os.rmdir("d")
    finally:
        os.chdir(here)

    # 2. link loops: the walk ends, each test file runs once, and says why
    loop = os.path.join(tmp, "loop")
    os.mkdir(loop)
    write_test(os.path.join(loop, "a.test.yaml"))
    os.symlink(".", os.path.join(loop, "s1"))
    os.symlink(".", os.path.join(loop, "s2"))
    os.mkdir(os.path.join(loop, "sub"))
    os.symlink("..", os.path.join(loop, "sub", "up"))
    os.symlink("a.test.yaml", os.path.join(loop, "b.test.yaml"))
    r = remit(["test", loop], timeout=20)
    report(r.rc == 0 and closing(r) == (1, 0) and r.err.count(b"not searching") == 3
           and b"already run" in r.err, "link loops: each test file runs once", r.text())

    # a test file linked into two folders names its policy relative to
    # each: it runs from both, and a policy with errors in one is caught
    two = os.path.join(tmp, "two")
    for d in ("shared", "p1", "p2"):
        os.makedirs(os.path.join(two, d))
    shutil.copy(POLICY, os.path.join(two, "p1", "policy.remit"))
    with open(os.path.join(two, "p2", "policy.remit"), "w") as f:
        f.write("policy \"broken\"\nrole ceo \"Chief\" is nobody\n")
    with open(os.path.join(two, "shared", "common.yaml"), "w") as f:
        f.write(TEST_FILE % ("policy.remit", GOOD))
    for d in ("p1", "p2"):
        os.symlink("../shared/common.yaml", os.path.join(two, d, "common.test.yaml"))
    r = remit(["test", two], timeout=20)
    report(r.rc == 1 and closing(r) == (1, 1), "a test file linked into two folders runs from each", r.text())
    # named twice on the command line: run once
    one = os.path.join(two, "p1", "common.test.yaml")
    r = remit(["test", one, os.path.join(two, "p1")], timeout=20)
    report(r.rc == 0 and closing(r) == (1, 0) and b"already run" in r.err,
           "a test file named and also found in a folder runs once", r.text())

    # 3. a FIFO named like a test file: skipped, saying so, never opened
    fifo = os.path.join(tmp, "fifo")
    os.mkdir(fifo)
    write_test(os.path.join(fifo, "a.test.yaml"))
    os.mkfifo(os.path.join(fifo, "x.test.yaml"))
    r = remit(["test", fifo], timeout=20)
    report(r.rc == 0 and closing(r) == (1, 0) and b"named pipe (FIFO)" in r.err,
           "FIFO named x.test.yaml is skipped", r.text())

    # an empty folder: nothing to run is an error, not a pass
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    r = remit(["test", empty])
    report(r.rc == 2 and b"no *.test.yaml files found" in r.err and sanitizer_clean(r),
           "an empty folder: no test files found, exit 2", r.text())

    # a test file that cannot be read is a failed test, never "all passed"
    bad = os.path.join(tmp, "badfile")
    os.mkdir(bad)
    write_test(os.path.join(bad, "a.test.yaml"))
    with open(os.path.join(bad, "b.test.yaml"), "w") as f:
        f.write("policy: [unclosed\n")
    r = remit(["test", bad])
    report(r.rc == 2 and closing(r) == (1, 1), "a malformed test file counts as failed", r.text())

    # a test's name cannot forge a line: control characters are escaped
    forged = os.path.join(tmp, "forged.test.yaml")
    with open(forged, "w") as f:
        f.write('policy: %s\ntests:\n  - name: "x\\n  PASS  forged\\e[2J\\u202e"\n    decision: %s\n'
                '    expect: refused\n' % (POLICY, GOOD))
    r = remit(["test", forged])
    lines = r.out.split(b"\n")
    report(r.rc == 1 and not any(l.startswith(b"  PASS") for l in lines) and b"\x1b" not in r.out
           and "\u202e".encode() not in r.out and b"\\u001b[2J" in r.out,
           "a test's name with control characters is escaped", r.text())

    # a misspelt key of a test file: refused, its tests do not run
    typo = os.path.join(tmp, "typo.test.yaml")
    with open(typo, "w") as f:
        f.write("policy: %s\nregsiter: r.yaml\ntests:\n  - name: t\n    decision: %s\n    expect: refused\n"
                % (POLICY, GOOD))
    r = remit(["test", typo])
    report(r.rc == 1 and closing(r) == (0, 1) and b"R0730" in r.out and b"did you mean 'register'" in r.out,
           "a misspelt test file key is an error", r.text())


def reachable(top):
    """What a correct walk of top meets: (distinct test files, each with
    the folder it is reached from; FIFO test-file entries; test-file
    entries that cannot be reached), over every folder reachable through
    links, each folder once."""
    seen_dirs, files, fifos, dangling = set(), set(), 0, 0
    st = os.stat(top)
    seen_dirs.add((st.st_dev, st.st_ino))
    todo = [top]
    while todo:
        d = todo.pop()
        dst = os.stat(d)
        for name in os.listdir(d):
            if name.startswith("."):
                continue
            path = os.path.join(d, name)
            is_test = name.endswith(".test.yaml") and len(name) > 10
            try:
                st = os.stat(path)
            except OSError:
                dangling += is_test
                continue
            if stat.S_ISDIR(st.st_mode):
                if (st.st_dev, st.st_ino) not in seen_dirs:
                    seen_dirs.add((st.st_dev, st.st_ino))
                    todo.append(path)
            elif is_test:
                if stat.S_ISREG(st.st_mode):  # once from each folder (its policy is named from there)
                    files.add((st.st_dev, st.st_ino, dst.st_dev, dst.st_ino))
                elif stat.S_ISFIFO(st.st_mode):
                    fifos += 1
    return files, fifos, dangling


def random_tree(rng, top):
    dirs = [top]
    os.mkdir(top)
    for _ in range(rng.randint(1, 12)):
        parent = rng.choice(dirs)
        d = os.path.join(parent, "d%d" % len(dirs))
        os.mkdir(d)
        dirs.append(d)
    tests = []
    for i in range(rng.randint(0, 10)):
        d = rng.choice(dirs)
        kind = rng.random()
        name = os.path.join(d, "t%d.test.yaml" % i)
        if kind < 0.5:
            write_test(name, rng.choice(["permitted", "permitted", "escalate"]))
            tests.append(name)
        elif kind < 0.6:
            os.mkfifo(name)
        elif kind < 0.7:
            with open(os.path.join(d, "notes%d.txt" % i), "w") as f:
                f.write("not a test\n")
        elif kind < 0.8:
            os.symlink("nowhere%d" % i, name)  # dangling: cannot be read
        else:
            with open(name, "w") as f:
                f.write("tests: [\n")  # malformed
            tests.append(name)
    for i in range(rng.randint(0, 6)):
        d = rng.choice(dirs)
        target = rng.choice(dirs + tests) if tests and rng.random() < 0.3 else rng.choice(dirs)
        link = os.path.join(d, "l%d" % i + (".test.yaml" if os.path.isfile(target) else ""))
        if not os.path.lexists(link):
            os.symlink(os.path.relpath(target, d), link)


def fuzz_trees(tmp, rng, n):
    bad = []
    for k in range(n):
        top = os.path.join(tmp, "tree%d" % k)
        random_tree(rng, top)
        files, fifos, dangling = reachable(top)
        r = remit(["test", top], timeout=60)
        c = closing(r)
        # each test file that can be read prints a header, each that
        # cannot a line saying so: one of them for every test file reached
        ran = r.out.count(b".test.yaml (") + r.out.count(b": the test file has errors, so its tests cannot run")
        ok = (r.rc in (0, 1, 2) and sanitizer_clean(r) and c is not None and ran == len(files)
              and r.err.count(b"named pipe (FIFO)") == fifos and r.err.count(b"cannot read '") == dangling
              and (r.rc == 2) == (dangling > 0 or b"the test file has errors" in r.out or not files))
        if not ok:
            bad.append("tree%d: exit %d, %d test files reachable, %d FIFOs, %d dangling, ran %d, closing %s\n%s"
                       % (k, r.rc, len(files), fifos, dangling, ran, c, r.text()[-500:]))
            continue
        shutil.rmtree(top)
    report(not bad, "generated folder trees (%d): every reachable test file runs once" % n,
           "\n".join(bad[:2]))


# ------------------------------------------------------------ streams

def records(r):
    out = []
    for line in r.out.decode("utf-8", "replace").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            out.append({"unreadable": line[:100]})
    return out


def expected_lines(data):
    """The line numbers of data that must each give one record, and
    whether each is an error (by what the line is)."""
    want = []
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for i, line in enumerate(lines, 1):
        if len(line[:-1] if line.endswith(b"\r") else line) > MAX_LINE:  # "\r\n" is a line end
            want.append((i, "R0711"))
            continue
        s = line.rstrip(b"\r")
        if s.strip(b" \t") == b"":
            continue
        if s == GOOD.encode():
            want.append((i, "permitted"))
        elif s == RISKY.encode():
            want.append((i, "escalate"))
        else:
            want.append((i, "error"))
    return want


def batch_problems(data, r):
    got = records(r)
    want = expected_lines(data)
    problems = []
    if len(got) != len(want):
        problems.append("%d records for %d lines that are not blank" % (len(got), len(want)))
    for rec, (line, what) in zip(got, want):
        if rec.get("line") != line:
            problems.append("record %s where line %d was due" % (rec.get("line"), line))
            break
        if what in ("permitted", "escalate"):
            if rec.get("result", {}).get("outcome") != what:
                problems.append("line %d: %s, not %s" % (line, json.dumps(rec)[:120], what))
        elif "error" not in rec:
            problems.append("line %d: no error record" % line)
        elif what == "R0711" and rec["error"]["diagnostics"][0]["code"] != "R0711":
            problems.append("line %d: not R0711" % line)
    want_rc = 6 if any(w not in ("permitted", "escalate") for _, w in want) else 0
    if r.rc != want_rc:
        problems.append("exit %d, wanted %d" % (r.rc, want_rc))
    if not sanitizer_clean(r):
        problems.append(r.err.decode("utf-8", "replace")[-300:])
    return problems


def check_batch(name, data, r):
    problems = batch_problems(data, r)
    report(not problems, name, "\n".join(problems[:4]))


def fixed_streams(tmp, sanitized):
    huge = b"a" * (3 * MAX_LINE)
    data = GOOD.encode() + b"\n" + huge + b"\n" + RISKY.encode() + b"\n" + GOOD.encode()
    path = os.path.join(tmp, "b.jsonl")
    with open(path, "wb") as f:
        f.write(data)
    r = remit(["eval", POLICY, "--batch", path])
    check_batch("batch: good, 3 MiB line, good, last line without newline", data, r)
    if not sanitized:  # a memory cap cannot be set under AddressSanitizer
        r = remit(["eval", POLICY, "--batch", path], limits={resource.RLIMIT_AS: 256 << 20})
        check_batch("batch under a 256 MiB memory cap: no record lost", data, r)
        # an endless line (all NUL bytes, no newline) takes bounded memory
        r = remit(["eval", POLICY, "--batch"], feed=[b"\0" * (1 << 20)] * 64,
                  limits={resource.RLIMIT_AS: 256 << 20})
        check_batch("batch: 64 MiB of NUL bytes under a 256 MiB memory cap", b"\0" * (64 << 20), r)
    # lines either side of the bound, ended by "\n", "\r\n" or nothing
    for n in (MAX_LINE - 1, MAX_LINE, MAX_LINE + 1, MAX_LINE + 2):
        line = b"{" + b" " * (n - 2) + b"}" if n >= 2 else b"{"
        for end, what in ((b"\n", "LF"), (b"\r\n", "CR LF")):
            data = line + end + GOOD.encode() + b"\n"
            r = remit(["eval", POLICY, "--batch"], feed=[data])
            check_batch("batch: a line of %d bytes and %s" % (n, what), data, r)
        data = GOOD.encode() + b"\n" + line
        r = remit(["eval", POLICY, "--batch"], feed=[data])
        check_batch("batch: a last line of %d bytes with no line end" % n, data, r)
    coprocess(sanitized)
    # a folder as the batch
    r = remit(["eval", POLICY, "--batch", tmp])
    report(r.rc == 2 and b"is a folder" in r.err and not r.out, "--batch of a folder: exit 2, says so", r.text())
    # a batch that cannot be read: a read error is an error, never the end
    fd = os.open(tmp, os.O_RDONLY)
    r = remit(["eval", POLICY, "--batch"], stdin=fd)
    os.close(fd)
    report(r.rc == 2 and b"cannot read the batch after line 0: Is a directory" in r.err,
           "a batch read error is exit 2, not the end of input", r.text())
    r = remit(["eval", POLICY, "--batch", os.path.join(tmp, "no-such.jsonl")])
    report(r.rc == 2 and b"No such file or directory" in r.err, "a missing batch says why", r.text())
    # a decision read from /dev/zero: too large, said as an input
    r = remit(["eval", POLICY, "/dev/zero"], timeout=60)
    report(r.rc == 2 and b"the most Remit reads from one file" in r.err and b"policy file" not in r.err,
           "a decision from /dev/zero is too large, said of any file", r.text())


def coprocess(sanitized):
    """A program that writes one decision and waits for its answer gets
    it before it writes the next (SPEC 7.12): the records are written out
    whenever every line read so far is answered, not when the output's
    buffer fills or the input ends."""
    p = subprocess.Popen([REMIT, "eval", POLICY, "--batch"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait = 120 if sanitized else 30
    got, problems = [], []
    try:
        for k, line in enumerate((GOOD, "{", "", RISKY)):
            p.stdin.write(line.encode() + b"\n")
            p.stdin.flush()
            if not line:
                continue  # a blank line has no record
            ready, _, _ = select.select([p.stdout], [], [], wait)
            if not ready:
                problems.append("no record for line %d within %d s of writing it" % (k + 1, wait))
                break
            rec = p.stdout.readline()
            got.append(rec)
            if not rec.startswith(b'{"line":%d,' % (k + 1)):
                problems.append("line %d: %r" % (k + 1, rec[:120]))
    finally:
        p.stdin.close()
        rest = p.stdout.read()
        p.stderr.read()
        p.wait(timeout=wait)
    if rest:
        problems.append("records after the input ended: %r" % rest[:120])
    if p.returncode != 6:
        problems.append("exit %d, not 6 (one line was an input error)" % p.returncode)
    report(not problems and len(got) == 3, "batch as a co-process: each record as soon as its line is read",
           "\n".join(problems))


def fuzz_streams(rng, n):
    bad = []
    pieces = [GOOD.encode(), RISKY.encode(), b"", b"   \t", b"\r", GOOD.encode() + b"\r",
              b'{"matter":"spend",', b"\0\0\0", b"[1, 2", b"matter: spend", b"\xff\xfe",
              GOOD.encode()[:-1] + b', "x": 1}']
    for k in range(n):
        lines = []
        for _ in range(rng.randint(0, 40)):
            if rng.random() < 0.04:
                lines.append(b"x" * rng.choice([MAX_LINE, MAX_LINE + 1, MAX_LINE + rng.randint(2, 5000)]))
            else:
                lines.append(rng.choice(pieces))
        data = b"\n".join(lines)
        if rng.random() < 0.5:
            data += b"\n"
        # fed through a pipe in random pieces, as a slow writer would
        feed, i = [], 0
        while i < len(data):
            step = rng.choice([1, 7, 100, 4096, 65536, 1 << 20])
            feed.append(data[i:i + step])
            i += step
        r = remit(["eval", POLICY, "--batch", "-"], feed=feed, timeout=120)
        problems = batch_problems(data, r)
        if problems:
            bad.append("stream %d: %s" % (k, "; ".join(problems[:3])))
    return bad


# ------------------------------------------------------------ writes and command lines

def fixed_writes(tmp, sanitized):
    decision = os.path.join(tmp, "d.json")
    with open(decision, "w") as f:
        f.write(GOOD)
    tests = os.path.join(tmp, "w.test.yaml")
    write_test(tests)
    batch = os.path.join(tmp, "big.jsonl")
    with open(batch, "w") as f:
        f.write((GOOD + "\n") * 2000)
    full = os.open("/dev/full", os.O_WRONLY)
    for name, args in (("eval text", ["eval", POLICY, decision]),
                       ("eval json", ["eval", "--format", "json", POLICY, decision]),
                       ("eval batch", ["eval", POLICY, "--batch", batch]),
                       ("check", ["check", POLICY]),
                       ("check --format json", ["check", "--format", "json", POLICY]),
                       ("check --emit json", ["check", "--emit", "json", POLICY]),
                       ("test", ["test", tests]),
                       ("graph", ["graph", POLICY]),
                       ("diff", ["diff", POLICY, os.path.join(ROOT, "examples", "place-partnership.remit")]),
                       ("audit", ["audit", POLICY, "--history", os.path.join(ROOT, "examples", "ledgers",
                                                                              "icb-scheme.jsonl")]),
                       ("stress", ["stress", POLICY, os.path.join(ROOT, "examples", "scenarios",
                                                                  "board-under-strain.yaml")])):
        r = remit(args, stdout=full)
        report(r.rc == 2 and r.err.count(b"No space left on device") == 1 and r.err.count(b"\nremit: ") == 0
               and sanitizer_clean(r), "%s to a full disk: exit 2, says so once" % name, r.text())
    os.close(full)
    # past a file size limit: the batch stops and says so, exit 2
    out = os.path.join(tmp, "lim.out")
    with open(out, "wb") as f:
        r = remit(["eval", POLICY, "--batch", batch], stdout=f, limits={resource.RLIMIT_FSIZE: 20 << 10})
    with open(out, "rb") as f:
        written = f.read().count(b"\n")
    report(r.rc == 2 and b"R0015" in r.err and b"File too large" in r.err and written < 2000,
           "batch past a file size limit: exit 2, R0015", r.text()[-300:])
    # graph -o: never over the policy or a file it uses; replaced whole
    pol = os.path.join(tmp, "p.remit")
    shutil.copy(POLICY, pol)
    before = open(pol, "rb").read()
    r = remit(["graph", "-o", pol, pol])
    report(r.rc == 2 and open(pol, "rb").read() == before and b"the policy being drawn" in r.err,
           "graph -o naming the policy: exit 2, the policy untouched", r.text())
    link = os.path.join(tmp, "same.remit")
    os.symlink(pol, link)
    r = remit(["graph", "-o", link, pol])
    report(r.rc == 2 and open(pol, "rb").read() == before, "graph -o naming the policy by a link", r.text())
    usedir = os.path.join(tmp, "use")
    os.mkdir(usedir)
    shutil.copy(os.path.join(ROOT, "tests", "check", "imports", "roles.remit"), usedir)
    shutil.copy(os.path.join(ROOT, "tests", "check", "imports", "finance-roles.remit"), os.path.join(usedir, "lib.remit"))
    with open(os.path.join(usedir, "main.remit"), "w") as f:
        f.write('policy "Main" version "1"\nuse "roles.remit"\nuse "lib.remit"\n'
                'body board "Trust Board" is board {\n    members ceo, cfo, deputy_cfo\n}\n')
    lib_before = open(os.path.join(usedir, "lib.remit"), "rb").read()
    r = remit(["graph", "-o", os.path.join(usedir, "lib.remit"), os.path.join(usedir, "main.remit")])
    report(r.rc == 2 and open(os.path.join(usedir, "lib.remit"), "rb").read() == lib_before
           and b"a file the policy uses" in r.err, "graph -o naming a file the policy uses", r.text())
    # graph -o through a link writes the file it leads to, keeping the link
    # and the file's mode
    real = os.path.join(tmp, "real.dot")
    with open(real, "w") as f:
        f.write("old\n")
    os.chmod(real, 0o600)
    ln = os.path.join(tmp, "ln.dot")
    os.symlink("real.dot", ln)
    r = remit(["graph", "-o", ln, pol])
    report(r.rc == 0 and os.path.islink(ln) and open(real).read().startswith("digraph")
           and stat.S_IMODE(os.stat(real).st_mode) == 0o600,
           "graph -o through a link writes its file and keeps its mode", r.text())
    dot = os.path.join(tmp, "g.dot")
    with open(dot, "w") as f:
        f.write("old drawing\n")
    r = remit(["graph", "-o", dot, pol])
    report(r.rc == 0 and open(dot).read().startswith("digraph") and
           not [n for n in os.listdir(tmp) if ".remit-" in n], "graph -o replaces its file whole", r.text())
    if not sanitized:
        with open(dot, "w") as f:
            f.write("old drawing\n")
        r = remit(["graph", "-o", dot, pol], limits={resource.RLIMIT_FSIZE: 512})
        report(r.rc == 2 and open(dot).read() == "old drawing\n" and
               not [n for n in os.listdir(tmp) if ".remit-" in n],
               "graph -o that cannot be written leaves the old file", r.text())


def fixed_command_lines(tmp):
    decision = os.path.join(tmp, "d.json")
    with open(decision, "w") as f:
        f.write(GOOD)
    reg = os.path.join(ROOT, "examples", "registers", "icb-scheme.yaml")
    for name, args, want in (
            ("a decision and --batch", ["eval", POLICY, decision, "--batch", decision], b"not both"),
            ("a decision then --batch", ["eval", POLICY, decision, "--batch"], b"not both"),
            ("--register twice", ["eval", "--register", reg, "--register", reg, POLICY, decision], b"given twice"),
            ("--history twice", ["eval", "--history", decision, "--history", decision, POLICY, decision],
             b"given twice"),
            ("eval --format twice", ["eval", "--format", "json", "--format", "text", POLICY, decision],
             b"given twice"),
            ("--batch twice", ["eval", POLICY, "--batch", decision, "--batch", decision], b"given twice"),
            ("check --format twice", ["check", "--format", "json", "--format", "json", POLICY], b"given twice"),
            ("check --stdlib twice", ["check", "--stdlib", tmp, "--stdlib", tmp, POLICY], b"given twice"),
            ("check --max-errors twice", ["check", "--max-errors", "3", "--max-errors", "4", POLICY],
             b"given twice"),
            ("test --stdlib twice", ["test", "--stdlib", tmp, "--stdlib", tmp, tmp], b"given twice"),
            ("graph -o twice", ["graph", "-o", "a", "-o", "b", POLICY], b"given twice"),
            ("check --notes with --no-analyses", ["check", "--notes", "--no-analyses", POLICY],
             b"do not go with --no-analyses"),
            ("eval --format text with --batch", ["eval", "--format", "text", POLICY, "--batch", decision],
             b"always JSON Lines"),
            ("graph --matter twice", ["graph", "--matter", "spend", "--matter", "spend", POLICY],
             b"given twice"),
            ("check --notes twice", ["check", "--notes", "--notes", POLICY], b"given twice"),
            ("check --no-analyses twice", ["check", "--no-analyses", "--no-analyses", POLICY], b"given twice"),
            ("eval --no-analyses twice", ["eval", "--no-analyses", "--no-analyses", POLICY, decision],
             b"given twice"),
            ("test --no-analyses twice", ["test", "--no-analyses", "--no-analyses", tmp], b"given twice")):
        r = remit(args)
        report(r.rc == 2 and want in r.err and not r.out and b"\\n" not in r.err
               and r.err.endswith(b"for usage\n"), "usage error: " + name, r.text())


def main():
    global REMIT
    ap = argparse.ArgumentParser()
    ap.add_argument("remit")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--trees", type=int, default=40)
    ap.add_argument("--streams", type=int, default=40)
    ap.add_argument("--sanitized", action="store_true", help="the binary runs under ASan: no memory caps")
    a = ap.parse_args()
    REMIT = os.path.abspath(a.remit)
    rng = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="remit-edges.")
    try:
        fixed_folders(tmp)
        fixed_streams(tmp, a.sanitized)
        fixed_writes(tmp, a.sanitized)
        fixed_command_lines(tmp)
        fuzz_trees(tmp, rng, a.trees)
        bad = fuzz_streams(rng, a.streams)
        report(not bad, "generated streams (%d, seed %d): one record per line that is not blank"
               % (a.streams, a.seed), "\n".join(bad[:3]))
    finally:
        subprocess.run(["rm", "-rf", tmp])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
