#!/usr/bin/env python3
"""Do two builds of remit answer `remit eval --why-not` byte for byte alike?

    python3 tools/difftest/whynot_same.py OLD_REMIT NEW_REMIT
        [--seed 1900] [--schemes 36] [--decisions 50] [--out DIR]

For a change to how `--why-not` searches (SPEC 7.17) that must not change
what it finds.  Both binaries are run, in text and in JSON
(`--format json`), over

  - every golden decision, tests/eval/*.yaml (with its `# policy:` and
    `# args:` lines, as tests/run.sh runs it);
  - every example decision, examples/decisions/**.yaml, against its
    example policy (examples/NAME.remit for examples/decisions/NAME/,
    examples/icb-scheme.remit for those at the top), with the example's
    register;
  - the decisions of --schemes generated schemes (tools/difftest/gen.py,
    seeds --seed, --seed + 1, ...), each decision alone, with the scheme's
    register, calendar and history when it has them and again without the history
    (a cumulative limit read with and without earlier decisions);

and their standard output, standard error and exit code compared.  Prints
how many runs agreed, how many of the decisions were not permitted (so
searched) and the first few runs that did not agree; exit 1 when any did
not.  Python 3 standard library only; the defaults take some minutes.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "difftest"))


def run(remit, args):
    p = subprocess.run([remit] + args, cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout, p.stderr


def header(path, key):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("# " + key + ": "):
                return line[len(key) + 4:].strip()
    return None


def cases(args, tmp):
    """Each case: a name and the arguments of `remit eval` before the
    format options."""
    for f in sorted(glob.glob(os.path.join(ROOT, "tests/eval/*.yaml"))):
        policy = header(f, "policy")
        if not policy:
            continue
        cmd = header(f, "command")
        if cmd and cmd != "eval":
            continue
        extra = (header(f, "args") or "").split()
        yield os.path.relpath(f, ROOT), ["eval"] + extra + ["--why-not", policy, f]
    for f in sorted(glob.glob(os.path.join(ROOT, "examples/decisions/**/*.yaml"), recursive=True)):
        rel = os.path.relpath(f, os.path.join(ROOT, "examples/decisions"))
        name = rel.split(os.sep)[0] if os.sep in rel else "icb-scheme"
        reg = os.path.join(ROOT, "examples/registers", name + ".yaml")
        extra = ["--register", reg] if os.path.exists(reg) else []
        yield os.path.relpath(f, ROOT), ["eval"] + extra + ["--why-not",
                                                            os.path.join(ROOT, "examples", name + ".remit"), f]
    import gen
    for k in range(args.schemes):
        seed = args.seed + k
        s = gen.generate(seed, args.decisions)
        d = os.path.join(tmp, "s%d" % seed)
        paths = gen.write_scheme(s, d)
        policy = paths["policy"]
        ctx = []
        for opt in ("register", "calendar"):
            if opt in paths:
                ctx += ["--" + opt, paths[opt]]
        hist = ["--history", paths["history"]] if "history" in paths else []
        for i, dec in enumerate(s.decisions):
            df = os.path.join(d, "d%d.json" % i)
            with open(df, "w", encoding="utf-8") as f:
                json.dump(dec, f, ensure_ascii=False)
            # (random schemes are mostly unsound by the analyses: as difftest.py runs them)
            ev = ["eval", "--no-analyses"]
            yield "seed %d decision %d" % (seed, i), ev + ctx + hist + ["--why-not", policy, df]
            if hist:
                yield "seed %d decision %d, no history" % (seed, i), ev + ctx + ["--why-not", policy, df]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--seed", type=int, default=1900)
    ap.add_argument("--schemes", type=int, default=36)
    ap.add_argument("--decisions", type=int, default=50)
    ap.add_argument("--out", help="keep the generated schemes here (else a temporary directory)")
    args = ap.parse_args()
    tmp = args.out or tempfile.mkdtemp(prefix="whynot-same.")
    os.makedirs(tmp, exist_ok=True)
    runs = same = 0
    found = {"golden": [0, 0], "generated": [0, 0]}  # runs evaluated not permitted, of them with a change
    bad = []
    for name, a in cases(args, tmp):
        for fmt in ([], ["--format", "json"]):
            old = run(args.old, a + fmt)
            new = run(args.new, a + fmt)
            runs += 1
            if old == new:
                same += 1
                if not fmt and b"what would make it permitted" in old[1]:
                    tally = found["generated" if name.startswith("seed") else "golden"]
                    tally[0] += 1
                    tally[1] += b"what would make it permitted: nothing" not in old[1]
            else:
                bad.append("%s%s: exit %d and %d, %d and %d bytes" % (
                    name, " (json)" if fmt else "", old[0], new[0], len(old[1]), len(new[1])))
    print("%d runs, %d alike, %d not" % (runs, same, len(bad)))
    for k, (asked, with_change) in sorted(found.items()):
        print("  %s decisions not permitted (text runs): %d, %d of them with a change found" % (k, asked, with_change))
    for b in bad[:20]:
        print("  differs: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
