#!/usr/bin/env python3
"""tools/audit/compare.py OLD NEW [--lines N] [--seeds 1,2,3] [--tmp DIR]:
run two builds of `remit audit` side by side and say where their outputs
differ (standard output, standard error and exit code, byte for byte).
For a change that must leave what the audit reports as it was (a change
of speed, SPEC 7.18 "Memory and speed").

What it runs, with each build, from the repository's top folder:

  - every test ledger: each tests/audit/*.cmd (its arguments), as given,
    and again with --format json;
  - generated ledgers (tools/audit/genledger.py), for each seed: a breach
    seeded every 200 lines, and a clean one; as JSON Lines and as CSV;
    text and JSON; the split window 30 days (the default), 10, 365 and
    none; --as-of a day after the ledger; and in 1, 2 and 3 shards;
  - dense ledgers (made here, for each seed): a few suppliers, the chief
    executive and the director of finance spending sums about every
    threshold of examples/icb-scheme.remit (£250k, £500k, £1m, £5m); or
    (seeds 2, 5...) mostly sums of £1,000 to £120,000 that add up to
    them; or (seeds 3, 6...) runs of 2 to 4 lines of one decider and
    supplier whose sum is at a threshold or a penny or a pound either
    side; now and then co-signed, now and then in a major incident, so that
    most lines have others of their group in the window and splits are
    found at every threshold and the cumulative limit's; text and JSON,
    windows 30, 90 and 365 days; and again under a variant of the scheme
    whose cumulative limit is everyone's and counts only lines outside an
    incident (some lines are in one), so that a group's lines together
    reach it where each alone did not; and a ledger of a line a day about
    that limit (near_limit), under it.

Exits 1 when any output differs (the first lines that differ are shown),
0 when all are the same."""
import argparse
import csv
import datetime
import glob
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POLICY = "examples/icb-scheme.remit"


def run(argv):
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, timeout=3600)
    return p.returncode, p.stdout, p.stderr


class Cmp:
    def __init__(self, old, new):
        self.old, self.new = old, new
        self.runs = self.diffs = 0

    def same(self, args, what):
        """Run both builds with args; say whether their outputs are the same."""
        a, b = run([self.old] + args), run([self.new] + args)
        self.runs += 1
        if a == b:
            return
        self.diffs += 1
        print("DIFFERS: %s\n  remit %s" % (what, " ".join(shlex.quote(x) for x in args)))
        if a[0] != b[0]:
            print("  exit code %d, now %d" % (a[0], b[0]))
        for name, x, y in (("stdout", a[1], b[1]), ("stderr", a[2], b[2])):
            if x == y:
                continue
            xl, yl = x.decode("utf-8", "replace").splitlines(), y.decode("utf-8", "replace").splitlines()
            i = next((k for k in range(min(len(xl), len(yl))) if xl[k] != yl[k]), min(len(xl), len(yl)))
            print("  %s differs at line %d:\n    old: %s\n    new: %s"
                  % (name, i + 1, xl[i][:300] if i < len(xl) else "(end)", yl[i][:300] if i < len(yl) else "(end)"))


def as_csv(jsonl, path):
    """A JSON Lines ledger of genledger.py's or dense()'s as CSV (tests/audit.py uses it too)."""
    cols = ["matter", "decider", "date", "amount", "category", "risk", "supplier", "incident_level",
            "co_signatories", "under", "ratified", "activated.major_incident", "reported.board"]
    with open(jsonl, encoding="utf-8") as f, open(path, "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\r\n")
        w.writerow(cols)
        for ln in f:
            d = json.loads(ln)
            row = dict(d["fields"], **d["context"])
            row.update({k: d.get(k, "") for k in ("matter", "decider", "date", "under", "ratified")})
            row["co_signatories"] = ";".join(d.get("co_signatories", []))
            row["activated.major_incident"] = d.get("activated", {}).get("major_incident", "")
            row["reported.board"] = d.get("reported", {}).get("board", "")
            w.writerow([row.get(c, "") for c in cols])


def money(pence):
    pounds, p = divmod(pence, 100)
    return "£{:,}".format(pounds) + (".%02d" % p if p else "")


def dense(path, seed, lines):
    """Lines about every threshold of the example scheme, a few suppliers."""
    rnd = random.Random(seed)
    marks = [25_000_000, 50_000_000, 100_000_000, 500_000_000]  # £250k, £500k, £1m, £5m
    day = datetime.date(2026, 4, 1)
    parts, who, sup = [], "ceo", "Supplier 1"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(lines):
            if rnd.random() < 0.15:
                day += datetime.timedelta(days=rnd.randint(1, 2))
            m = rnd.choice(marks)
            r = rnd.random()
            if seed % 3 == 0:  # parts of a sum at a threshold, a penny either side
                if not parts:
                    total = m + rnd.choice([-1, 0, 1, -100, 100])
                    n = rnd.randint(2, 4)
                    cuts = sorted(rnd.randint(1, total - 1) for _ in range(n - 1))
                    parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
                    who = rnd.choice(["ceo", "cfo", "cfo"])
                    sup = "Supplier %d" % rnd.randint(1, 6)
                pence = parts.pop()
            elif seed % 3 == 2 and r < 0.7:  # sums that add up towards a threshold
                pence = rnd.randint(1_000, 120_000) * 100
            elif r < 0.5:
                pence = rnd.randint(1, m // 100) * 100  # a part of a threshold
            elif r < 0.85:
                pence = m // rnd.choice([2, 3, 4, 5]) + rnd.choice([-100, 0, 100])
            elif r < 0.9:
                pence = m + rnd.choice([-100, 0, 1, 100])  # at one
            else:
                pence = rnd.randint(1, 100) * 100
            decider = who if seed % 3 == 0 else rnd.choice(["ceo", "ceo", "ceo", "cfo"])
            d = {"matter": "spend", "decider": decider, "date": day.isoformat(),
                 "fields": {"amount": money(pence), "category": rnd.choice(["revenue"] * 6 + ["contract", "capital"]),
                            "risk": rnd.choice([4] * 9 + [16]),
                            "supplier": sup if seed % 3 == 0 else "Supplier %d" % rnd.randint(1, 6)},
                 "context": {"incident_level": 0}}
            c = rnd.random()
            if c < (0.05 if seed % 3 == 0 else 0.25):
                d["co_signatories"] = rnd.choice([["cfo"], ["ceo"], ["cfo", "ceo"], ["cfo", "cfo"], ["ceo", "cfo"]])
            if rnd.random() < 0.1:
                d["context"]["incident_level"] = 1  # (below the protocol's level: read by VARIANT's limit)
            elif rnd.random() < 0.05:
                d["context"]["incident_level"] = 4
                d["under"] = "major_incident"
                d["activated"] = {"major_incident": day.isoformat()}
                if rnd.random() < 0.7:
                    d["ratified"] = (day + datetime.timedelta(days=rnd.randint(1, 12))).isoformat()
            if decider == "ceo" and rnd.random() < 0.8:
                d["reported"] = {"board": (day + datetime.timedelta(days=rnd.randint(5, 40))).isoformat()}
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


def near_limit(path, seed, lines):
    """For VARIANT: a line a day, of £10,000 to £90,000 with one of 40
    suppliers (about £450,000 each a year, about the limit), one in four
    in an incident."""
    rnd = random.Random(seed)
    day = datetime.date(2026, 4, 1)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(lines):
            day += datetime.timedelta(days=1)
            d = {"matter": "spend", "decider": "ceo", "date": day.isoformat(),
                 "fields": {"amount": money(rnd.randint(10_000, 90_000) * 100), "category": "revenue", "risk": 4,
                            "supplier": "Supplier %d" % rnd.randint(1, 40)},
                 "context": {"incident_level": 1 if rnd.random() < 0.25 else 0},
                 "reported": {"board": (day + datetime.timedelta(days=10)).isoformat()}}
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


def variant(path):
    """The example scheme with its cumulative limit for everyone, and only
    on lines outside an incident: the lines of a group then count towards
    it together (as one decision) where each alone counted in part."""
    with open(os.path.join(ROOT, POLICY), encoding="utf-8") as f:
        text = f.read()
    old = "limit spend total amount <= £500k per supplier over 365 days for cfo\n"
    assert old in text, "examples/icb-scheme.remit's limit is not as compare.py knows it"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, "limit spend total amount <= £500k per supplier over 365 days when incident_level = 0\n"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--lines", type=int, default=20000, help="lines of each generated ledger")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--tmp")
    a = ap.parse_args()
    c = Cmp(os.path.abspath(a.old), os.path.abspath(a.new))
    tmp = a.tmp or tempfile.mkdtemp(prefix="audit-compare-")
    os.makedirs(tmp, exist_ok=True)

    for cmd in sorted(glob.glob(os.path.join(ROOT, "tests", "audit", "*.cmd"))):
        with open(cmd, encoding="utf-8") as f:
            args = shlex.split(f.read())
        c.same(["audit"] + args, os.path.basename(cmd))
        if "--format" not in args:
            c.same(["audit", "--format", "json"] + args, os.path.basename(cmd) + " (json)")

    var = os.path.join(tmp, "variant.remit")
    variant(var)
    gen = os.path.join(ROOT, "tools", "audit", "genledger.py")
    for seed in [int(s) for s in a.seeds.split(",")]:
        for every in (200, 0):
            led = os.path.join(tmp, "gen-%d-%d.jsonl" % (seed, every))
            subprocess.run([sys.executable, gen, "--lines", str(a.lines), "--seed", str(seed), "--every", str(every),
                            "--out", led, "--expect", led + ".expect"], check=True)
            csvp = led[:-len(".jsonl")] + ".csv"
            as_csv(led, csvp)
            for ledger in (led, csvp):
                what = "%s (seed %d, every %d)" % (os.path.basename(ledger), seed, every)
                base = ["audit", POLICY, "--history", ledger]
                for fmt in ([], ["--format", "json"]):
                    for win in ([], ["--split-within", "10"], ["--split-within", "365"], ["--split-within", "none"]):
                        c.same(base + fmt + win, what + " " + " ".join(fmt + win))
                    c.same(base + fmt + ["--as-of", "2027-06-01"], what + " as of 2027-06-01")
                for n in (1, 2, 3):
                    for i in range(1, n + 1):
                        c.same(base + ["--format", "json", "--shard", "%d/%d" % (i, n)], what + " shard %d/%d" % (i, n))
        led = os.path.join(tmp, "dense-%d.jsonl" % seed)
        dense(led, seed, a.lines // 4)
        csvp = led[:-len(".jsonl")] + ".csv"
        as_csv(led, csvp)
        for ledger in (led, csvp):
            base = ["audit", POLICY, "--history", ledger]
            for fmt in ([], ["--format", "json"]):
                for win in ([], ["--split-within", "90"], ["--split-within", "365"]):
                    c.same(base + fmt + win, "%s (dense, seed %d) %s" % (os.path.basename(ledger), seed, " ".join(fmt + win)))
            for i in (1, 2):
                c.same(base + ["--format", "json", "--shard", "%d/2" % i], "dense seed %d shard %d/2" % (seed, i))
        near = os.path.join(tmp, "near-%d.jsonl" % seed)
        near_limit(near, seed, a.lines // 4)
        for ledger in (led, near):
            for win in ([], ["--split-within", "365"]):
                for fmt in ([], ["--format", "json"]):
                    c.same(["audit", var, "--history", ledger] + fmt + win, "%s (seed %d) under the variant scheme %s"
                           % (os.path.basename(ledger), seed, " ".join(fmt + win)))
    print("%d runs of each build compared: %d differ" % (c.runs, c.diffs))
    sys.exit(1 if c.diffs else 0)


if __name__ == "__main__":
    main()
