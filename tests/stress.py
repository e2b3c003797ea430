#!/usr/bin/env python3
"""tests/stress.py REMIT - `remit stress POLICY SCENARIO...` (SPEC.md
7.19).

- The goldens: each tests/stress/NAME.cmd holds the arguments of one run;
  what it prints (standard output, then standard error) and its exit code
  must be tests/stress/NAME.out (tests/update-golden.sh rewrites them).
  They cover the example scenario (text, JSON, a random run), the
  scenarios of tests/stress/*.yaml (acting up, no route, a body's decision
  waiting for its meeting, a meeting not quorate and who would have mended
  it, crisis powers ratified and not, an escalation to the top, meetings
  that repeat), each fault of a scenario file at its place (exit 6) and
  the usage errors (exit 2).
- Every JSON document among them, and those of the runs below, is valid
  against schemas/remit.stress-1.schema.json, which rejects real ones
  broken on purpose; its numbers agree with one another (the summary with
  the files, a file's outcomes with its matters and, run once, with its
  decisions shown), the text report's closing line with the JSON summary,
  and the exit code is 1 exactly when something failed.
- The same --seed gives the same bytes, text and JSON; another seed
  another report.
- Each decision a run as written permitted, taken by a role, is built as
  a decision file (its matter and fields, the taker as decider, the day
  it was taken, the context and protocols activated of that day, its
  co-signatories there that day and who escalated it, the decisions
  permitted before it as its history) and evaluated by `remit eval` with
  the register: permitted, every one; and each decision the run escalated
  at its first step is escalated by `remit eval` on the day it arose.

Prints PASS/FAIL lines like the other suites."""
import datetime
import json
import os
import re
import sys
import tempfile

import yaml

from suite import ROOT, Suite, cmd_goldens, run, validator

S = Suite("stress")
say = S.say
POLICY = "examples/icb-scheme.remit"
EXAMPLE = "examples/scenarios/board-under-strain.yaml"
FOCUSED = ["acting-up", "no-route", "body-waits", "quorum-absences", "crisis", "escalation-top", "meetings-every"]
FATES = ["permitted", "refused", "undetermined", "no_route", "undecided"]


def goldens(remit):
    return [(name, rc if "error[" not in err else None, json.loads(out))
            for name, rc, out, err in cmd_goldens(S, remit, "stress") if out.startswith("{")]


# ------------------------------------------------------------ the schema


def schema(docs):
    v = validator("remit.stress-1.schema.json")
    for name, _, doc in docs:
        errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
        say(not errors, "%s is valid against remit.stress/1%s" % (name, ": " + errors[0].message[:200] if errors else ""))
    full = next((d for n, _, d in docs if n == "example-json"), None)
    if not full:
        say(False, "the golden example-json is missing")
        return
    seen = {x["outcome"] for f in full["files"] for x in f["decisions_shown"]}
    say({"permitted", "undecided"} <= seen, "the example's JSON holds decisions permitted and not taken")

    def broken(change):
        d = json.loads(json.dumps(full))
        change(d)
        return d
    f0 = lambda d: d["files"][0]  # noqa: E731
    cases = [
        ("without its summary", lambda d: d.pop("summary")),
        ("another schema", lambda d: d.update(schema="remit.stress/2")),
        ("runs 0", lambda d: d.update(runs=0)),
        ("a member no report has", lambda d: f0(d).update(colour="red")),
        ("an outcome no run gives", lambda d: f0(d)["decisions_shown"][0].update(outcome="lost")),
        ("a day not written as a date", lambda d: f0(d).update(to="30 September 2026")),
        ("a decision taken by no one, permitted", lambda d: f0(d)["decisions_shown"][0].update(taken_by=None)),
        ("a decision not taken, with the day it was taken",
         lambda d: next(x for x in f0(d)["decisions_shown"] if x["outcome"] != "permitted").update(taken="2026-09-30")),
        ("a negative count", lambda d: d["summary"].update(failures=-1)),
        ("a body that never met", lambda d: f0(d)["quorum"][0].update(meetings=0)),
        ("a cause counted as text", lambda d: f0(d)["quorum"][0]["quorate_again_with"][0].update(count="4")),
        ("without days to decision", lambda d: f0(d).pop("days_to_decision")),
        ("a matter named in capitals", lambda d: f0(d)["by_matter"][0].update(matter="Spend")),
    ]
    for what, change in cases:
        say(not v.is_valid(broken(change)), "the schema rejects a real report broken on purpose: %s" % what)


# ------------------------------------------------------------ the numbers agree


def agree(what, rc, doc):
    """The numbers of one remit.stress/1 document agree with one another
    and with the exit code (rc None: a file had faults, exit 6)."""
    bad = []
    s = doc["summary"]
    files = doc["files"]
    if s["files"] != len(files):
        bad.append("summary.files %d, %d files" % (s["files"], len(files)))
    sums = {k: 0 for k in s}
    for f in files:
        o = f["outcomes"]
        for k in FATES:
            sums[k] += o[k]
        for k in ("runs", "decisions", "escalated", "reached_top", "obligations_missed"):
            sums[k] += f[k]
        sums["meetings"] += sum(b["meetings"] for b in f["quorum"])
        sums["not_quorate"] += sum(b["not_quorate"] for b in f["quorum"])
        sums["crisis"] += sum(c["used"] for c in f["crisis"])
        sums["not_ratified"] += sum(c["not_ratified"] for c in f["crisis"])
        name = f["file"]
        if sum(o.values()) != f["decisions"]:
            bad.append("%s: outcomes add up to %d, not %d decisions" % (name, sum(o.values()), f["decisions"]))
        for k in FATES:
            if sum(m[k] for m in f["by_matter"]) != o[k]:
                bad.append("%s: by_matter %s does not add up to its outcomes" % (name, k))
        if f["days_to_decision"]["decided"] != o["permitted"]:
            bad.append("%s: %d decided, %d permitted" % (name, f["days_to_decision"]["decided"], o["permitted"]))
        if f["reached_top"] > f["escalated"]:
            bad.append("%s: more reached the top than were escalated" % name)
        if f["runs"] != (doc["runs"] or 1):
            bad.append("%s: %d runs, the document says %s" % (name, f["runs"], doc["runs"]))
        if (f["shown_run"] is None) != (doc["runs"] is None) or (f["shown_run"] or 0) > f["runs"]:
            bad.append("%s: shown_run %s of %s" % (name, f["shown_run"], doc["runs"]))
        shown = f["decisions_shown"]
        if len(shown) * f["runs"] != f["decisions"]:
            bad.append("%s: %d decisions shown of a run, %d in %d runs" % (name, len(shown), f["decisions"], f["runs"]))
        if [x["date"] for x in shown] != sorted(x["date"] for x in shown):
            bad.append("%s: the decisions shown are not in the order they arose" % name)
        for x in shown:
            if x["taken"] is not None and x["days"] != (datetime.date.fromisoformat(x["taken"]) -
                                                         datetime.date.fromisoformat(x["date"])).days:
                bad.append("%s: %s taken %s is not %s days on" % (name, x["date"], x["taken"], x["days"]))
            if x["reached_top"] and not x["escalated"]:
                bad.append("%s: %s reached the top without being escalated" % (name, x["date"]))
        # the failures of the run shown: its meetings not quorate are said in its routes
        mine = sum(x["outcome"] in ("no_route", "undecided") for x in shown) + \
            sum(x["ratified"] is False for x in shown) + sum(x["obligations_missed"] for x in shown) + \
            sum(x["route"].count(" not quorate on ") for x in shown)
        theirs = sum(b["not_quorate"] for b in f["quorum"]) + o["no_route"] + o["undecided"] + \
            sum(c["not_ratified"] for c in f["crisis"]) + f["obligations_missed"]
        if mine * f["runs"] < theirs or (f["runs"] == 1 and mine != theirs):
            bad.append("%s: the run shown has %d failures, the %d runs %d" % (name, mine, f["runs"], theirs))
        if f["runs"] == 1:  # the run shown is the run counted
            for k in FATES:
                n = sum(1 for x in shown if x["outcome"] == k)
                if n != o[k]:
                    bad.append("%s: %d %s shown, %d counted" % (name, n, k, o[k]))
            for k in ("escalated", "reached_top"):
                if sum(1 for x in shown if x[k]) != f[k]:
                    bad.append("%s: %s shown and counted differ" % (name, k))
            if sum(x["obligations_missed"] for x in shown) != f["obligations_missed"]:
                bad.append("%s: obligations missed shown and counted differ" % name)
            if sum(1 for x in shown if x["protocol"]) != sum(c["used"] for c in f["crisis"]):
                bad.append("%s: crisis powers shown and counted differ" % name)
            if sum(1 for x in shown if x["ratified"] is False) != sum(c["not_ratified"] for c in f["crisis"]):
                bad.append("%s: crisis decisions not ratified shown and counted differ" % name)
            if f["days_to_decision"]["max"] is not None and \
                    f["days_to_decision"]["max"] != max(x["days"] for x in shown if x["days"] is not None):
                bad.append("%s: the longest days to decision is not the longest shown" % name)
    for k in sums:
        if k not in ("files", "failures") and sums[k] != s[k]:
            bad.append("summary.%s %d, the files add up to %d" % (k, s[k], sums[k]))
    failures = s["not_quorate"] + s["no_route"] + s["undecided"] + s["not_ratified"] + s["obligations_missed"]
    if s["failures"] != failures:
        bad.append("summary.failures %d, its parts add up to %d" % (s["failures"], failures))
    if rc is not None and rc != (1 if s["failures"] else 0):
        bad.append("exit %d with %d failures" % (rc, s["failures"]))
    say(not bad, "%s: its numbers agree (%d failures, exit %s)%s" % (what, s["failures"], 6 if rc is None else rc,
                                                                    ": " + "; ".join(bad[:4]) if bad else ""))


def numbers(remit, docs):
    for name, rc, doc in docs:
        agree("golden " + name, rc, doc)
    focused = ["tests/stress/%s.yaml" % n for n in FOCUSED]
    for extra, what in (([], "every scenario run once"), (["--scenarios", "20", "--seed", "11"], "20 runs of each")):
        args = [remit, "stress"] + extra + [POLICY, EXAMPLE] + focused
        rc, out, err = run(args + ["--format", "json"])
        try:
            doc = json.loads(out)
        except ValueError:
            say(False, "%s: no JSON (exit %d): %s" % (what, rc, err[:300]))
            continue
        v = validator("remit.stress-1.schema.json")
        say(v.is_valid(doc) and len(doc["files"]) == 1 + len(focused),
            "%s: one report of %d files, valid against remit.stress/1" % (what, len(doc["files"])))
        agree(what, rc, doc)
        trc, text, terr = run(args)
        last = text.rstrip("\n").rsplit("\n", 1)[-1]
        m = re.match(r"(\d+) failures? .*in (\d+) runs? of (\d+) scenarios?$", last)
        s = doc["summary"]
        say(m is not None and trc == rc and not terr and
            (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (s["failures"], s["runs"], s["files"]),
            "%s: the text report's closing line says what the JSON summary does: %r" % (what, last))


# ------------------------------------------------------------ seeds


def seeds(remit):
    base = [remit, "stress", "--scenarios", "40", POLICY, EXAMPLE]
    for fmt in ("text", "json"):
        a = run(base + ["--seed", "5", "--format", fmt])
        b = run(base + ["--seed", "5", "--format", fmt])
        c = run(base + ["--seed", "6", "--format", fmt])
        say(a == b and a[1], "--seed 5 twice, %s: the same bytes (%d of them, exit %d)" % (fmt, len(a[1]), a[0]))
        say(a[1] != c[1], "--seed 5 and --seed 6, %s: two reports" % fmt)
    a = run(base + ["--format", "json"])
    b = run(base + ["--seed", "0", "--format", "json"])
    say(a == b and json.loads(a[1])["seed"] == 0, "without --seed the seed is 0")
    # a run does not depend on the others: the run shown of 40 is found again among 60
    d40 = json.loads(run(base + ["--seed", "5", "--format", "json"])[1])["files"][0]
    d60 = json.loads(run([remit, "stress", "--scenarios", "60", "--seed", "5", "--format", "json", POLICY,
                          EXAMPLE])[1])["files"][0]
    say(d60["runs"] == 60 and d40["decisions"] * 60 == d60["decisions"] * 40 and
        (d60["shown_run"] > 40 or (d60["shown_run"] == d40["shown_run"] and
                                   d60["decisions_shown"] == d40["decisions_shown"])),
        "the same seed with more runs: the first runs drawn alike (run shown %d of 40, %d of 60)"
        % (d40["shown_run"], d60["shown_run"]))


# ------------------------------------------------------------ runs alike


def scaled(v, n, keep=("median", "p90", "max")):
    """v with every count in it n times over (not the days of keep)"""
    if isinstance(v, dict):
        return {k: (x if k in keep else scaled(x, n)) for k, x in v.items()}
    if isinstance(v, list):
        return [scaled(x, n) for x in v]
    if isinstance(v, int) and not isinstance(v, bool):
        return v * n
    return v


def runs_alike(remit, tmp):
    """Runs that draw nothing (a random block of no chance) are each the
    scenario as written: 30 of them count 30 times what it does, and the
    run shown is its decisions.  Each run after the first takes decisions
    built as the first's were, which a run keeps typed (SPEC 7.19,
    "Speed"): read again, not typed again, with the same outcome."""
    keys = ("decisions", "outcomes", "escalated", "reached_top", "by_matter", "quorum", "crisis",
            "ratification_unknown", "obligations_missed")
    for name in FOCUSED + ["example"]:
        path = EXAMPLE if name == "example" else "tests/stress/%s.yaml" % name
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            sc = yaml.safe_load(f)
        sc["register"] = os.path.normpath(os.path.join(ROOT, os.path.dirname(path), sc["register"]))
        sc["random"] = {"absent": "0%"}
        alike = os.path.join(tmp, "alike-%s.json" % name)
        with open(alike, "w", encoding="utf-8") as f:
            json.dump(sc, f, default=str, ensure_ascii=False)
        one = run([remit, "stress", "--format", "json", POLICY, alike])
        many = run([remit, "stress", "--format", "json", "--scenarios", "30", "--seed", "3", POLICY, alike])
        try:
            a, b = json.loads(one[1])["files"][0], json.loads(many[1])["files"][0]
        except (ValueError, KeyError, IndexError):
            say(False, "%s, as written and 30 runs alike: %s" % (name, (one[2] or many[2])[:200]))
            continue
        same = [k for k in keys if scaled(a[k], 30) == b[k]]
        say(len(same) == len(keys) and a["days_to_decision"]["decided"] * 30 == b["days_to_decision"]["decided"] and
            a["decisions_shown"] == b["decisions_shown"] and one[0] == many[0],
            "%s: 30 runs alike count 30 times the run as written (%s alike of %s), and show its decisions"
            % (name, len(same), len(keys)))


TOTALS_POLICY = """policy "Totals" version "1"
role ceo "Chief Executive"
role cfo "Finance Director"
role buyer "Buyer"
body board "Board" {
    members ceo, cfo
    quorum 1
}
matter spend "Spend" {
    amount: money
}
delegate spend from board to cfo
delegate spend from board to buyer
refuse spend when total amount > £150k
"""

TOTALS_SCENARIO = """scenario: "A second purchase over the running total"
from: 2026-04-01
to: 2026-04-30
decisions:
  - { matter: spend, decider: buyer, date: 2026-04-06, fields: { amount: "£100,000" } }
  - { matter: spend, decider: cfo, date: 2026-04-13, fields: { amount: "£100,000" } }
random:
  vacant: { buyer: 50% }
"""


def totals_by_run(remit, tmp):
    """The same decision, built alike in every run, read with each run's
    history: the cfo's purchase is refused when the buyer's went through
    first (a total of £200,000 over £150,000), permitted when the buyer's
    post was vacant and the board, which does not meet, never took it.
    A decision kept typed for the runs after (SPEC 7.19, "Speed") is read
    again with the total of its own run."""
    policy, scen = os.path.join(tmp, "totals.remit"), os.path.join(tmp, "totals.yaml")
    for path, text in ((policy, TOTALS_POLICY), (scen, TOTALS_SCENARIO)):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    rc, out, err = run([remit, "stress", "--format", "json", "--scenarios", "40", "--seed", "1", policy, scen])
    try:
        o = json.loads(out)["files"][0]["outcomes"]
    except (ValueError, KeyError, IndexError):
        say(False, "a total read by run: %s" % err[:200])
        return
    say(o["permitted"] == 40 and o["refused"] + o["undecided"] == 40 and o["refused"] and o["undecided"],
        "a total read by run: in each of 40 runs one purchase permitted (%d), the cfo's refused when the "
        "buyer's was taken (%d), not when it was not (%d not taken)" % (o["permitted"], o["refused"], o["undecided"]))


def long_run(remit, tmp):
    """A run of more decisions than a run could make before its history
    was indexed as it is made (20,000; SPEC 7.19): six suppliers paid
    £10,000 every day for ten years by the cfo, whose cumulative limit in
    the example is £500,000 a supplier over 365 days.  Each supplier's
    first 50 payments are the cfo's; every later one would take the
    supplier's total of the year before it over the limit, so it is
    escalated (and the ceo permits it, its report to the board, which
    does not meet, missed): read from a history of up to 21,911
    decisions, each one's total exact."""
    scen = os.path.join(tmp, "long.yaml")
    lines = ['scenario: "Ten years of daily payments"',
             "register: %s" % os.path.join(ROOT, "examples/registers/icb-scheme.yaml"),
             "from: 2017-01-01", "to: 2026-12-31", "context: { incident_level: 0 }", "decisions:"]
    for i in range(6):
        lines.append('  - { matter: spend, decider: cfo, every: 1 day, from: 2017-01-01, to: 2026-12-31, '
                     'fields: { amount: "£10,000", category: revenue, risk: 1, supplier: "Supplier %d" } }' % i)
    with open(scen, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    rc, out, err = run([remit, "stress", "--format", "json", POLICY, scen])
    try:
        f = json.loads(out)["files"][0]
    except (ValueError, KeyError, IndexError):
        say(False, "a run of 21,912 decisions: %s" % err[:200])
        return
    say(rc in (0, 1) and f["decisions"] == 21912 and f["outcomes"]["permitted"] == 21912 and
        f["escalated"] == 6 * (3652 - 50),
        "a run of 21,912 decisions: all permitted (%d), all but each supplier's first 50 escalated by the "
        "cfo's cumulative limit (%d of %d)" % (f["outcomes"]["permitted"], f["escalated"], 6 * (3652 - 50)))


# ------------------------------------------------------------ shards


def shards(remit, tmp):
    """A run made whole, and in 1, 2, 4 and 7 shards merged by remit merge
    (given last first): the same bytes, text and JSON, and the same exit
    code; each shard's report valid against the schema."""
    v = validator("remit.stress-1.schema.json")
    cases = [("the example, 40 runs", ["--scenarios", "40", "--seed", "7", POLICY, EXAMPLE]),
             ("three files, 5 runs", ["--scenarios", "5", "--seed", "3", POLICY, EXAMPLE,
                                      "tests/stress/quorum-absences.yaml", "tests/stress/crisis.yaml"])]
    for what, args in cases:
        wrc, whole, _ = run([remit, "stress", "--format", "json"] + args)
        trc, text, _ = run([remit, "stress"] + args)
        for n in (1, 2, 4, 7):
            paths, valid = [], True
            for i in range(1, n + 1):
                rc, out, err = run([remit, "stress", "--format", "json", "--shard", "%d/%d" % (i, n)] + args)
                path = os.path.join(tmp, "shard%d.json" % i)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(out)
                paths.append(path)
                valid = valid and not err and v.is_valid(json.loads(out))
            say(valid, "%s in %d shard%s: each shard's report valid against remit.stress/1" % (what, n, "s"[:n > 1]))
            mrc, merged, merr = run([remit, "merge"] + paths[::-1])
            say(merged == whole and mrc == wrc and not merr,
                "%s in %d shard%s, merged: the bytes of the whole run's JSON (%d, exit %d)"
                % (what, n, "s"[:n > 1], len(whole), wrc))
            mrc, merged, merr = run([remit, "merge", "--format", "text"] + paths[::-1])
            say(merged == text and mrc == trc and not merr,
                "%s in %d shard%s, merged as text: the bytes of the whole run's text (%d, exit %d)"
                % (what, n, "s"[:n > 1], len(text), trc))
    rc, out, err = run(["bash", "-c", "'%s' merge <(cat '%s') '%s'" % (remit, paths[0], "' '".join(paths[1:]))])
    say(out == whole and rc == wrc, "a shard's report given through a pipe is merged (exit %d)" % rc)
    pretty = os.path.join(tmp, "pretty.json")
    with open(paths[0], encoding="utf-8") as f, open(pretty, "w", encoding="utf-8") as g:
        json.dump(json.load(f), g, indent=2, ensure_ascii=False)
    rc, out, err = run([remit, "merge", pretty] + paths[1:])
    say(out == whole and rc == wrc, "a shard's report pretty-printed, given first, is told a stress run's (exit %d)" % rc)
    # a file with faults: left out of every shard's report, the merge exits 6 as the whole run does
    args = ["--scenarios", "4", "--seed", "2", POLICY, EXAMPLE, "tests/stress/bad-date.yaml"]
    wrc, whole, _ = run([remit, "stress", "--format", "json"] + args)
    paths = []
    for i in (1, 2, 3):
        paths.append(os.path.join(tmp, "faulty%d.json" % i))
        with open(paths[-1], "w", encoding="utf-8") as f:
            f.write(run([remit, "stress", "--format", "json", "--shard", "%d/3" % i] + args)[1])
    rc, out, err = run([remit, "merge"] + paths)
    say(wrc == 6 and rc == 6 and out == whole and "could not be run for its faults" in err,
        "a scenario file with faults: the merge writes the whole run's bytes and exits 6, as it does (%d)" % rc)


def merge_refused(remit, tmp):
    """remit merge refuses what is not every shard of one stress run, at its place, and writes nothing."""
    base = [remit, "stress", "--format", "json", "--scenarios", "6", POLICY, EXAMPLE]
    p = []
    for i in (1, 2, 3):
        p.append(os.path.join(tmp, "m%d.json" % i))
        with open(p[-1], "w", encoding="utf-8") as f:
            f.write(run(base + ["--shard", "%d/3" % i])[1])
    paths = {}
    for name, args in (("whole", base), ("seed", base + ["--seed", "1", "--shard", "3/3"]),
                       ("runs", [remit, "stress", "--format", "json", "--scenarios", "7", "--shard", "3/3", POLICY,
                                 EXAMPLE]),
                       ("audit", [remit, "audit", "examples/icb-scheme.remit", "--history",
                                  "tests/audit/same-day.jsonl", "--format", "json", "--shard", "3/3"])):
        paths[name] = os.path.join(tmp, name + ".json")
        with open(paths[name], "w", encoding="utf-8") as f:
            f.write(run(args)[1])
    with open(p[2], encoding="utf-8") as f:
        good = json.load(f)

    def broken(name, change):
        d = json.loads(json.dumps(good))
        change(d)
        path = os.path.join(tmp, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(d, f)
        return path
    f0 = lambda d: d["files"][0]  # noqa: E731
    cases = [([p[0], p[1]], "the shards given are not N of N"),
             ([p[0], p[1], p[1]], "this shard is given twice"),
             ([p[0], p[1], paths["seed"]], "it is of another run"),
             ([p[0], p[1], paths["runs"]], "it is of another run"),
             ([paths["whole"]], "it names no shard I of N"),
             ([p[0], p[1], paths["audit"]], "it is no remit.stress/1 document"),
             ([p[0], p[1], broken("histogram", lambda d: f0(d)["days_to_decision"].update(histogram=[[1]]))],
              "its 'histogram' has an entry that is no [days, decisions]"),
             ([p[0], p[1], broken("order", lambda d: f0(d)["quorum"][0].update(order="1"))],
              "its 'order' is missing or malformed"),
             ([p[0], p[1], broken("name", lambda d: f0(d)["quorum"][0].update(body="audit_committee"))],
              "its names are not those of the other reports' scheme"),
             ([p[0], p[1], broken("file", lambda d: f0(d).update(file="other.yaml"))],
              "its scenario files are not the other reports'"),
             ([p[0], p[1], broken("outcome", lambda d: f0(d)["decisions_shown"][0].update(outcome="lost"))],
              "its 'outcome' is missing or malformed"),
             ([p[0], p[1], broken("inputs", lambda d: d.update(inputs="0123456789abcdef"))],
              "it was run on other inputs than the first report"),
             ([p[0], p[1], broken("quorate", lambda d: f0(d)["quorum"][0].update(not_quorate=10 ** 6))],
              "more of its meetings not quorate than there were"),
             ([p[0], p[1], broken("count", lambda d: f0(d).update(decisions=2 ** 41))],
              "its 'decisions' is missing or malformed"),
             ([p[0], p[1], broken("days", lambda d: f0(d)["days_to_decision"].update(
                 histogram=[[3, 1], [3, 1]]))], "fewest days first"),
             ([p[0], p[1], broken("taken", lambda d: f0(d)["decisions_shown"][0].update(taken="2000-01-01"))],
              "a decision taken before it arose")]
    for args, why in cases:
        rc, out, err = run([remit, "merge"] + args)
        say(rc == 6 and not out and "R0741" in err and why in err, "remit merge refuses %s (exit %d)" % (why, rc))
    rc, out, err = run([remit, "stress", "--format", "json", "--shard", "1/2", POLICY, EXAMPLE])
    say(rc == 2 and "--scenarios" in err and not out, "--shard without --scenarios is a usage error (exit %d)" % rc)
    rc, out, err = run([remit, "stress", "--scenarios", "4", "--shard", "1/2", POLICY, EXAMPLE])
    say(rc == 2 and "--format json" in err and not out, "--shard without --format json is a usage error (exit %d)" % rc)
    for bad in ("0/2", "3/2", "1/0", "1/4097", "x"):
        rc, out, err = run([remit, "stress", "--format", "json", "--scenarios", "4", "--shard", bad, POLICY, EXAMPLE])
        say(rc == 2 and "I/N" in err and not out, "--shard %s is a usage error (exit %d)" % (bad, rc))
    # places far apart in one shard: the merged lists are as long as the entries, not the places
    far = broken("far", lambda d: [e.update(order=4294967295 - k) for f in d["files"] for x in ("by_matter", "quorum",
                                                                                                 "crisis")
                                   for k, e in enumerate(f[x])])
    rc, out, err = run([remit, "merge", p[0], p[1], far])
    say(rc in (0, 1) and out.startswith("{"), "places up to 4294967295 in a shard's report merge, in order (exit %d)"
        % rc)
    rc, out, err = run([remit, "merge"] + [p[0]] * 4097)
    say(rc == 2 and "at most 4096 shards" in err and not out, "4,097 reports are a usage error (exit %d)" % rc)
    rc, out, err = run([remit, "merge", "--format", "text", paths["audit"]])
    say(rc == 2 and "JSON only" in err and not out, "an audit's shards are merged as JSON only (exit %d)" % rc)
    rc, out, err = run([remit, "merge", "--format", "xml", p[0]])
    say(rc == 2 and "unknown format" in err and not out, "remit merge --format xml is a usage error (exit %d)" % rc)



# ------------------------------------------------------------ open too long


def open_too_long(remit, tmp):
    """escalate ... after (SPEC 7.8): a decision waiting for its body's
    meeting goes up on the first day the rule applies, and the day is the
    one remit eval gives: not escalated the day before, escalated that day."""
    policy, scen = "examples/neighbourhood-team.remit", "tests/stress/open-too-long.yaml"
    rc, out, err = run([remit, "stress", "--format", "json", policy, scen])
    shown = json.loads(out)["files"][0]["decisions_shown"]
    first = shown[0]
    say(rc == 0 and first["escalated"] and first["taken_by"] == "place_board" and first["days"] == 31 and
        "still open on 2026-05-02: escalated from int to place_board" in first["route"] and
        not shown[1]["escalated"] and shown[1]["days"] == 8,
        "a decision the team leaves open goes to place on the 29th day and is taken at place's next meeting "
        "(31 days); one that arose a week before the team meets waits for it")
    # opened long before it reaches the team: it goes up the day it arrives
    with open(os.path.join(ROOT, scen), encoding="utf-8") as f:
        sc = yaml.safe_load(f)
    sc["register"] = os.path.join(ROOT, "examples/registers/neighbourhood-team.yaml")
    sc["decisions"][0]["opened"] = "2026-03-01"
    path = os.path.join(tmp, "overdue.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(sc, f, default=str)
    rc, out, err = run([remit, "stress", "--format", "json", policy, path])
    first = json.loads(out)["files"][0]["decisions_shown"][0] if out.startswith("{") else {}
    say(rc == 0 and "still open on 2026-04-03" in first.get("route", "") and first.get("days") == 3,
        "a decision opened 33 days before it reaches the team goes up that day (%s)" % first.get("route", err)[:120])
    with open(os.path.join(ROOT, "examples/registers/neighbourhood-team.yaml"), encoding="utf-8") as f:
        people = [(r, p["name"]) for p in yaml.safe_load(f)["people"] for r in p["roles"]]
    got = []
    for d in ("2026-05-01", "2026-05-02"):
        dec = {"matter": "neighbourhood_spend", "decider": "int", "body": "int", "date": d, "opened": "2026-04-03",
               "fields": {"amount": "£50,000", "category": "staffing", "risk": 4, "impact": "neighbourhood",
                          "supplier": "Northfield Care Ltd"},
               "context": {"opel_level": 1, "surge_declared": False},
               "attendance": [{"role": r, "person": n, "present": True} for r, n in people]}
        path = os.path.join(tmp, "open.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(dec, f, ensure_ascii=False)
        erc, eout, eerr = run([remit, "eval", "--format", "json", "--register",
                               "examples/registers/neighbourhood-team.yaml", policy, path])
        try:
            o = json.loads(eout)
            got.append((o["outcome"], o.get("escalate_to")))
        except ValueError:
            got.append(("error", eerr[:200]))
    say(got[0][0] == "permitted" and got[1] == ("escalate", "place_board"),
        "remit eval agrees: opened 2026-04-03, the team decides it on 2026-05-01, and it escalates to place on "
        "2026-05-02 (%s)" % got)


# ------------------------------------------------------------ against remit eval


def as_text(v):
    """YAML's dates as the text they were written as."""
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): as_text(x) for k, x in v.items()}
    if isinstance(v, list):
        return [as_text(x) for x in v]
    return v


def day(s):
    return datetime.date.fromisoformat(s)


def add_months(d, n):
    import calendar
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def every(text):
    n, unit = text.split()
    n = int(n)
    return (n * 7, 0) if unit.startswith("week") else (n, 0) if unit.startswith("day") else (0, n)


def arising(sc):
    """(day, template) of every decision the scenario makes, in the order
    the run shows them: by day, then as written."""
    out = []
    for t in sc["decisions"]:
        if "date" in t:
            out.append((day(t["date"]), t))
            continue
        days, months = every(t["every"])
        start = day(t.get("from", sc["from"]))
        end = day(t.get("to", sc["to"]))
        d, k = start, 0
        while d <= end:
            out.append((d, t))
            k += 1
            d = start + datetime.timedelta(days=days * k) if days else add_months(start, months * k)
    return sorted(out, key=lambda x: x[0])


class Scene:
    """Who is there on a day, as SPEC 7.19 says: the register's holders of
    a role, absences and vacancies of the scenario as written."""

    def __init__(self, sc, register):
        self.sc = sc
        self.people = register.get("people", [])

    def holders(self, role, d):
        out = []
        for p in self.people:
            for r in p.get("roles", []):
                if isinstance(r, str):
                    if r == role:
                        out.append(p["name"])
                elif r["role"] == role and day(r.get("from", "0001-01-01")) <= d <= day(r.get("until", "9999-12-31")):
                    out.append(p["name"])
        return out

    def within(self, e, d):
        return day(e.get("from", self.sc["from"])) <= d <= day(e.get("to", self.sc["to"]))

    def away(self, person, role, d):
        for a in self.sc.get("absent", []):
            if not self.within(a, d):
                continue
            if "person" in a:
                if person == a["person"] and a.get("role", role) == role:
                    return True
            elif a["role"] == role:
                return True
        return False

    def there(self, role, d):
        if any(v["role"] == role and self.within(v, d) for v in self.sc.get("vacant", [])):
            return False
        names = self.holders(role, d)
        if names:
            return any(not self.away(n, role, d) for n in names)
        return not self.away(None, role, d)

    def context(self, d):
        c = dict(self.sc.get("context", {}))
        act = {}
        for p in self.sc.get("periods", []):
            if self.within(p, d):
                c.update(p.get("context", {}))
                for name in p.get("activated", []):
                    act.setdefault(name, p.get("from", self.sc["from"]))
        return c, act


def decision_of(scene, t, taker, d, escalators):
    """The decision taken by role taker on day d, as remit eval reads one."""
    dec = {"matter": t["matter"], "decider": taker, "date": d.isoformat()}
    if "fields" in t:
        dec["fields"] = t["fields"]
    if "subject" in t:
        dec["subject"] = t["subject"]
    ctx, act = scene.context(d)
    if ctx or "periods" in scene.sc:
        dec["context"] = ctx
    if act:
        dec["activated"] = act
    co = [c for c in t.get("co_signatories", []) if scene.there(c if isinstance(c, str) else c["role"], d)]
    named = {c if isinstance(c, str) else c["role"] for c in t.get("co_signatories", [])}
    co += [u for u in escalators if u != taker and u not in named and scene.there(u, d)]
    if co or "co_signatories" in t:
        dec["co_signatories"] = co
    ints = [i for i in t.get("interests", [])]
    for i in scene.sc.get("interests", []):
        who = i["who"]
        if (who.get("role") if isinstance(who, dict) else who) == taker:
            ints.append(i)
    if ints:
        dec["interests"] = ints
    return dec


def against_eval(remit, tmp):
    bodies = {"board", "audit_committee", "remuneration_committee"}
    total = escal = 0
    for path in [EXAMPLE] + ["tests/stress/%s.yaml" % n for n in ("acting-up", "crisis", "meetings-every")]:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            sc = as_text(yaml.safe_load(f))
        reg = os.path.normpath(os.path.join(os.path.dirname(path), sc["register"]))
        with open(os.path.join(ROOT, reg), encoding="utf-8") as f:
            scene = Scene(sc, as_text(yaml.safe_load(f)))
        rc, out, err = run([remit, "stress", "--format", "json", POLICY, path])
        try:
            shown = json.loads(out)["files"][0]["decisions_shown"]
        except (ValueError, IndexError, KeyError):
            say(False, "%s: no report (exit %d): %s" % (path, rc, err[:300]))
            continue
        made = arising(sc)
        if len(made) != len(shown) or any(d.isoformat() != x["date"] or t["matter"] != x["matter"]
                                          for (d, t), x in zip(made, shown)):
            say(False, "%s: the decisions shown are not those the scenario makes, in the order they arose" % path)
            continue
        history, checked, wrong = [], 0, []
        for (d, t), x in zip(made, shown):
            decider = t["decider"] if isinstance(t["decider"], str) else t["decider"]["role"]
            ups = re.findall(r"escalated from (\w+) to (\w+)", x["route"])
            # the first step, escalated: so says remit eval on the day it arose
            if ups and x["route"].startswith("escalated from %s to" % decider) and decider not in bodies:
                dec = decision_of(scene, t, decider, d, [])
                res = evaluate(remit, tmp, reg, dec, history)
                escal += 1
                if res.get("outcome") != "escalate" or res.get("escalate_to") != ups[0][1]:
                    wrong.append("%s %s by %s: remit eval says %s to %s, the run escalated it to %s" % (
                        x["date"], t["matter"], decider, res.get("outcome"), res.get("escalate_to"), ups[0][1]))
            if x["outcome"] != "permitted" or x["taken_by"] in bodies:
                if x["outcome"] == "permitted":
                    history.append(decision_of(scene, t, x["taken_by"], day(x["taken"]), [u for u, _ in ups]))
                continue
            dec = decision_of(scene, t, x["taken_by"], day(x["taken"]), [u for u, _ in ups])
            res = evaluate(remit, tmp, reg, dec, history)
            checked += 1
            if res.get("outcome") != "permitted":
                wrong.append("%s %s taken by %s on %s: remit eval says %s (%s)" % (
                    x["date"], t["matter"], x["taken_by"], x["taken"], res.get("outcome"),
                    "; ".join(r.get("message", "") for r in res.get("reasons", []))[:300] or res.get("error", "")))
            history.append(dec)
        total += checked
        say(not wrong, "%s: each of its %d decisions permitted by a role is permitted by remit eval, with those "
            "permitted before it as its history%s" % (path, checked, ": " + "; ".join(wrong[:3]) if wrong else ""))
    say(total >= 20 and escal >= 10, "%d decisions permitted and %d escalated checked against remit eval" % (total, escal))


def evaluate(remit, tmp, reg, dec, history):
    path, hist = os.path.join(tmp, "decision.json"), os.path.join(tmp, "history.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(dec, f, ensure_ascii=False)
    args = [remit, "eval", "--format", "json", "--register", reg]
    if history:
        with open(hist, "w", encoding="utf-8") as f:
            json.dump(history, f, ensure_ascii=False)
        args += ["--history", hist]
    rc, out, err = run(args + [POLICY, path])
    try:
        return json.loads(out)
    except ValueError:
        return {"error": "exit %d: %s" % (rc, err.strip()[:300])}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: stress.py REMIT")
    remit = os.path.abspath(sys.argv[1])
    docs = goldens(remit)
    schema(docs)
    numbers(remit, docs)
    seeds(remit)
    with tempfile.TemporaryDirectory() as tmp:
        runs_alike(remit, tmp)
        totals_by_run(remit, tmp)
        long_run(remit, tmp)
        shards(remit, tmp)
        merge_refused(remit, tmp)
        open_too_long(remit, tmp)
        against_eval(remit, tmp)
    sys.exit(S.end())


if __name__ == "__main__":
    main()
