#!/usr/bin/env python3
"""diffspare.py - what `remit diff` spares changes nothing it says.

`remit diff` leaves unevaluated the decisions of a matter both versions
say alike, and evaluates one role of a class of roles that nothing the
matter's decisions read names (SPEC 11.10); REMIT_DIFF_EVERY=1 makes it
evaluate every decision.  For each pair of a generated scheme and a
mutation of it (diffproof.py's make_pair), and for each given pair of
files, this runs `remit diff` both ways in every format and fails when
any output or exit code differs by one byte.

    python3 tools/difftest/diffspare.py --seed S --pairs N [--remit build/remit]
        [--jobs J] [--scale D] [--pair OLD NEW]...

With --scale D the schemes are genscale's (tests/bench/genscale.c, built
beside remit as BUILD/bench/genscale) of D delegations, whose many posts
of one kind that hold nothing for a matter make the classes of roles,
each mutated by diffproof.py's mutations or one of these: a post's kind
changed, a co-signature by kind required, a post seated on the board, a
post added (among the first or the last posts, holding one matter or
nothing), a vacant post removed.

The last line is `diffspare: N pairs alike, N failed (N skipped)`; exit 0
when none failed, 1 when some did.  Python 3 standard library only.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import diffproof  # noqa: E402

FORMATS = ("text", "json", "markdown", "sarif", "github")


def both_ways(remit, old, new, cwd=None):
    """The differences between the outputs with and without sparing."""
    problems = []
    for fmt in FORMATS:
        got = []
        for every in ("0", "1"):
            env = dict(os.environ, REMIT_DIFF_EVERY=every)
            p = subprocess.run([remit, "diff", "--format", fmt, old, new], cwd=cwd, env=env,
                               capture_output=True, timeout=600)
            got.append((p.returncode, p.stdout, p.stderr))
        if got[0] != got[1]:
            problems.append("%s: --format %s differs when every decision is evaluated (exit %d and %d)"
                            % (new, fmt, got[0][0], got[1][0]))
    return problems


def scale_mutate(text, rng):
    """A mutation that reaches the classes of roles alike, or None."""
    kind = rng.choice(["kind", "require", "seat", "add", "add", "remove"])
    posts = re.findall(r"^role (p\d+) .* is (manager|executive)$", text, re.M)
    matters = re.findall(r"^matter (\w+) ", text, re.M)
    if not posts or not matters:
        return None
    post, k = rng.choice(posts)
    if kind == "add":  # a post added, anywhere, holding a matter or nothing
        lines = text.split("\n")
        roles = [i for i, line in enumerate(lines) if line.startswith("role ")] + [len(lines)]
        at = rng.choice(roles[:40] + roles[-40:])
        new = ['role added "New post" is %s' % rng.choice(["manager", "executive"])]
        if rng.random() < 0.5:
            new.append("delegate %s from ceo to added up to %s" % (rng.choice(matters), rng.choice(["£10,000", "£2m"])))
        return "\n".join(lines[:at] + new + lines[at:])
    if kind == "remove":  # a post that holds nothing removed
        vacant = re.findall(r"^role v\d+ .*\n", text, re.M)
        return text.replace(rng.choice(vacant), "", 1) if vacant else None
    if kind == "kind":
        other = "executive" if k == "manager" else "manager"
        return re.sub(r"^(role %s .* is )%s$" % (post, k), r"\g<1>" + other, text, flags=re.M)
    if kind == "require":
        rule = "require %d %s for %s when amount > %s" % (rng.randint(1, 3), rng.choice(["manager", "executive"]),
                                                          rng.choice(matters), rng.choice(["£1", "£50k", "£2m"]))
        return text.rstrip("\n") + "\n" + rule + "\n"
    return re.sub(r"^(    members chair, 2\+ ned, ceo)$", r"\g<1>, " + post, text, count=1, flags=re.M)


def scale_pair(remit, folder, seed, size):
    """A genscale scheme of size delegations and a mutation of it that
    both check, in folder; None when none was found."""
    rng = random.Random(seed)
    gen = os.path.join(os.path.dirname(remit), "bench", "genscale")
    subprocess.run([gen, folder, str(size), "10", "10", "10", str(seed % 100000 + 1)], check=True,
                   capture_output=True)
    with open(os.path.join(folder, "scheme.remit"), encoding="utf-8") as f:
        old = f.read()
    os.rename(os.path.join(folder, "scheme.remit"), os.path.join(folder, "old.remit"))
    for _ in range(30):
        got = scale_mutate(old, rng) if rng.random() < 0.5 else (diffproof.mutate(old, rng) or (None,))[0]
        if got is None or got == old:
            continue
        with open(os.path.join(folder, "new.remit"), "w", encoding="utf-8") as f:
            f.write(got)
        if subprocess.run([remit, "check", "--no-analyses", "new.remit"], cwd=folder,
                          capture_output=True).returncode == 0:
            return True
    return None


def one(job):
    remit, seed, size = job
    folder = tempfile.mkdtemp(prefix="diffspare-")
    try:
        made = scale_pair(remit, folder, seed, size) if size else diffproof.make_pair(remit, folder, seed)
        if made is None:
            return seed, None
        return seed, both_ways(remit, "old.remit", "new.remit", cwd=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=100)
    ap.add_argument("--remit", default="build/remit")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--scale", type=int, default=0, metavar="D")
    ap.add_argument("--pair", nargs=2, action="append", default=[], metavar=("OLD", "NEW"))
    a = ap.parse_args(argv)
    remit = os.path.abspath(a.remit)
    if not os.access(remit, os.X_OK):
        print("diffspare: %s is not an executable remit" % remit)
        return 2
    alike = failed = skipped = 0
    for old, new in a.pair:
        problems = both_ways(remit, old, new)
        for p in problems:
            print("FAIL " + p)
        failed += bool(problems)
        alike += not problems
    jobs = [(remit, a.seed * 1000003 + i, a.scale) for i in range(a.pairs)]
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for seed, problems in ex.map(one, jobs):
            if problems is None:
                skipped += 1
                continue
            for p in problems:
                print("FAIL pair %d: %s" % (seed, p))
            failed += bool(problems)
            alike += not problems
    print("diffspare: %d pairs alike, %d failed (%d skipped)" % (alike, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
