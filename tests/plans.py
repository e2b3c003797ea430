#!/usr/bin/env python3
"""tests/plans.py REMIT [--seed N] [--lines N]

Typing by plan (compiler/input.c, "plans"): a batch line or history entry
read by a shape (JSON read by shape, jsonin.h) is typed from what typing
the first line of that shape found of its keys.  A plan must change
nothing: this test checks that

  * a batch of lines of a few shapes, their values changed at random
    (good ones, and bad ones: amounts that are not money, unknown roles,
    people the register does not know, matters that do not exist, a
    matter whose fields are the same names in another order, fields the
    matter does not have, keys given twice, which JSON refuses before a
    decision is typed), evaluated as one batch (so
    that shapes and plans are used), gives for every line the record
    that line gives evaluated alone (read by the general reader, with no
    plan), byte for byte but for the line's number;
  * so does a batch of lines of one shape whose matters take turns (a
    spend's fields and an order's are the same keys in another order;
    each matter of a shape has its plan), and a batch of the board's
    decisions at meetings, whose attendance entries' keys are planned;
  * a history of entries of one shape read as JSON (by shape and plan)
    gives the same outcomes as the same history written as YAML (read by
    libyaml, with no plan), and a fault in its 57th entry is reported at
    that entry as in YAML;
  * an audit of a ledger of JSON Lines (tools/audit/genledger.py's, with
    faults put in some lines), read by shape and plan, says what the same
    ledger written as one JSON list (read whole, by the general reader)
    says, in text and JSON, but for the file's name.

Everything is generated here from the seed.  Prints PASS/FAIL lines.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

POLICY = '''policy "Plans" version "1"
kind executive "Executive director"
role ceo "Chief Executive" is executive
role cfo "Director of Finance" is executive
role ops "Director of Operations" is executive
body board "Board" {
    members ceo, cfo, ops
    quorum 2
}
context {
    level: score 0..4
}
matter spend "Spend" {
    amount: money
    category: one of { revenue, capital }
    supplier: text
}
matter order "Order" {
    supplier: text
    category: one of { revenue, capital }
    amount: money
}
matter note "Note" {
    amount: money
    memo: text
}
delegate spend from board to ceo up to £5m
    report to board within 30 days
    may subdelegate
delegate spend from ceo to cfo up to £1m
delegate order from board to ceo up to £5m
    report to board within 30 days
    may subdelegate
delegate order from ceo to ops up to £200k
delegate note from board to ceo
    report to board within 30 days
    may subdelegate
delegate note from ceo to cfo
reserve spend to board when amount > £5m
reserve order to board when amount > £5m
escalate spend to board when level >= 3
limit spend total amount <= £300k per supplier over 365 days
limit order total amount <= £100k per supplier over 30 days
'''

REGISTER = '''people:
  - name: "Sam Lee"
    roles: [ceo]
  - name: "Dana Ortiz"
    roles: [cfo]
  - name: "Omar Price"
    roles: [ops]
'''

failures = 0


def report(ok, name, detail=""):
    global failures
    if ok:
        print("PASS plans %s" % name)
    else:
        failures += 1
        print("FAIL plans %s%s" % (name, ": " + detail if detail else ""))


def run(remit, args, stdin):
    return subprocess.run([remit] + args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600)


def pick(rng, good, bad, p_bad=0.05):
    return rng.choice(bad) if rng.random() < p_bad else rng.choice(good)


def money(rng):
    return pick(rng, ["£%s" % f"{rng.randrange(1, 6_000_000):,}", "£%d.%02d" % (rng.randrange(1, 400_000),
                                                                              rng.randrange(100)),
                      "£250k", "£1m"],
                ["£2x", "250000", "-£5", "£1.234", ""])


def decider(rng, as_map):
    if as_map:
        person = pick(rng, ["Sam Lee", "Dana Ortiz", "Omar Price"], ["Nobody Known", ""])
        role = pick(rng, ["ceo", "cfo", "ops"], ["cfoo", "board"])
        return '{"person": %s, "role": %s}' % (json.dumps(person), json.dumps(role))
    return json.dumps(pick(rng, ["ceo", "cfo", "ops"], ["chief", "", "board"]))


def line(rng, shape):
    """A decision line of shape `shape` (0-5); values at random."""
    matter = pick(rng, ["note"] * 6 + ["spend"] if shape == 2 else ["spend", "order", "spend", "note"],
                  ["spendd", "budget"], 0.03)
    date = pick(rng, ["2026-%02d-%02d" % (rng.randrange(1, 13), rng.randrange(1, 29))], ["2026-02-30", "today"],
                0.05)
    sup = json.dumps(pick(rng, ["Acme Ltd", "Beta plc", "Gamma LLP", "Supplier %d" % rng.randrange(50)],
                          ["", "x" * 300], 0.05))
    cat = json.dumps(pick(rng, ["revenue", "capital"], ["losses", "Revenue"], 0.03))
    amt = json.dumps(money(rng))
    level = pick(rng, ["0", "1", "3", "4"], ["7", "\"2\""], 0.05)
    if shape == 0:
        return ('{"matter": "%s", "decider": %s, "date": "%s", "fields": {"amount": %s, "category": %s, '
                '"supplier": %s}, "context": {"level": %s}}' % (matter, decider(rng, False), date, amt, cat,
                                                                  sup, level))
    if shape == 1:  # the decider as a person and role, the fields in another order
        return ('{"matter": "%s", "decider": %s, "date": "%s", "fields": {"supplier": %s, "category": %s, '
                '"amount": %s}, "context": {"level": %s}}' % (matter, decider(rng, True), date, sup, cat, amt,
                                                                level))
    if shape == 2:  # a note's fields (other matters: fields missing, or not theirs)
        return ('{"matter": "%s", "decider": %s, "date": "%s", "fields": {"amount": %s, "memo": %s}, '
                '"context": {"level": %s}}' % (matter, decider(rng, False), date, amt, sup, level))
    if shape == 3:  # a key given twice
        return ('{"matter": "%s", "decider": %s, "date": "%s", "date": "%s", "fields": {"amount": %s, '
                '"category": %s, "supplier": %s}, "context": {"level": %s}}'
                % (matter, decider(rng, False), date, date, amt, cat, sup, level))
    if shape == 5:  # as many fields as a spend has, one of them twice and one missing
        return ('{"matter": "%s", "decider": %s, "date": "%s", "fields": {"amount": %s, "category": %s, '
                '"amount": %s}, "context": {"level": %s}}' % (matter, decider(rng, False), date, amt, cat,
                                                                json.dumps(money(rng)), level))
    # a key no decision has, and a field given twice
    return ('{"matter": "%s", "decider": %s, "date": "%s", "fields": {"amount": %s, "amount": %s, '
            '"category": %s, "supplier": %s}, "context": {"level": %s}, "colour": "blue"}'
            % (matter, decider(rng, True), date, amt, amt, cat, sup, level))


def normal(record, lineno):
    """A record as its line would give it alone: line 1."""
    r = json.loads(record)
    assert r["line"] == lineno, (r["line"], lineno)
    r["line"] = 1
    for d in r.get("error", {}).get("diagnostics", []):
        for k in ("line", "end_line"):
            if d.get(k) == lineno:
                d[k] = 1
    return json.dumps(r, sort_keys=True)


def same_as_alone(remit, tmp, lines, what):
    """The batch of lines gives, line for line, what each gives alone."""
    policy = os.path.join(tmp, "p.remit")
    reg = os.path.join(tmp, "register.yaml")
    hist = os.path.join(tmp, "history.json")
    base = ["eval", policy, "--register", reg, "--history", hist, "--batch", "-"]
    nlines = len(lines)
    whole = run(remit, base, ("\n".join(lines) + "\n").encode())
    got = whole.stdout.decode().splitlines()
    report(len(got) == nlines, "batch%s: a record for each of %d lines" % (what, nlines),
           "%d records; stderr %s" % (len(got), whole.stderr.decode()[:300]))
    if len(got) != nlines:
        return
    bad = 0
    for i, text in enumerate(lines):
        alone = run(remit, base, (text + "\n").encode()).stdout.decode()
        if normal(got[i], i + 1) != normal(alone, 1):
            bad += 1
            if bad <= 3:
                print("  line %d: %s\n    in the batch: %s\n    alone:        %s"
                      % (i + 1, text, got[i], alone.strip()))
    kinds = sum(1 for g in got if '"error"' in g)
    report(bad == 0, "batch%s: each of %d lines (%d of them errors) the same as alone" % (what, nlines, kinds),
           "%d differ" % bad)


def check_batch(remit, tmp, rng, nlines):
    # runs of one shape, then shapes in turn, so that plans are made,
    # used, and made again
    shapes = []
    while len(shapes) < nlines:
        s = rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 5])
        shapes += [s] * rng.randrange(1, 30)
    same_as_alone(remit, tmp, [line(rng, s) for s in shapes[:nlines]], "")


def check_matters(remit, tmp):
    """Lines of one shape whose matters take turns: a spend's fields and an
    order's are the same keys in another order, and each matter's plan is
    its own (the plan of one matter used for the other types an amount
    as a supplier)."""
    turns = ["spend", "spend", "order", "spend", "order", "order", "note", "spend", "order", "note", "spend"]
    lines = []
    for i, matter in enumerate(turns * 3):
        who = {"spend": "cfo", "order": "ops", "note": "cfo"}[matter]
        lines.append('{"matter": "%s", "decider": "%s", "date": "2026-04-%02d", "fields": {"amount": "£%d,000", '
                     '"category": "revenue", "supplier": "Supplier %d"}, "context": {"level": %d}}'
                     % (matter, who, 1 + i % 28, 10 + 7 * i, i % 5, i % 4))
    same_as_alone(remit, tmp, lines, " of matters in turn")


def check_meetings(remit, tmp, rng):
    """Lines of the board deciding at a meeting, its attendance of a few
    shapes (an entry naming its person or not, and now and then a key
    misspelt, which is reported): each entry's keys are planned, and
    each line gives what it gives alone."""
    lines = []
    for i in range(120):
        kind = rng.choice([0, 0, 0, 1, 1, 2])
        entries = []
        chair = rng.randrange(3)
        for k, (role, name) in enumerate((("ceo", "Sam Lee"), ("cfo", "Dana Ortiz"), ("ops", "Omar Price"))):
            present = "true" if k == chair or rng.random() < 0.7 else "false"
            e = '{"role": "%s", %s"present": %s' % (role, '"person": "%s", ' % name if kind == 1 else "", present)
            if k == chair:
                e += ', "presiding": true'
            if kind == 2 and k == 1:
                e += ', "presnt": true'  # misspelt: reported, never planned
            entries.append(e + "}")
        lines.append('{"matter": "spend", "decider": "board", "date": "2026-05-%02d", "fields": {"amount": '
                     '"£%d,000,000", "category": "capital", "supplier": "Supplier %d"}, "context": {"level": %d}, '
                     '"attendance": [%s]}' % (1 + i % 28, rng.choice([2, 6, 9]), i % 7, i % 4, ", ".join(entries)))
    same_as_alone(remit, tmp, lines, " of meetings")


def history_entry(rng, i):
    matter = rng.choice(["spend", "order"])
    sup = rng.choice(["Acme Ltd", "Beta plc", "Gamma LLP"])
    amt = "£%s" % f"{rng.randrange(1, 9_000):,}"
    day = "2026-%02d-%02d" % (1 + i * 11 // 400, 1 + i % 28)
    role = {"spend": "cfo", "order": "ops"}[matter]
    if matter == "spend":
        fields = {"amount": amt, "category": rng.choice(["revenue", "capital"]), "supplier": sup}
    else:
        fields = {"supplier": sup, "category": rng.choice(["revenue", "capital"]), "amount": amt}
    return {"matter": matter, "decider": {"person": {"cfo": "Dana Ortiz", "ops": "Omar Price"}[role],
                                          "role": role},
            "date": day, "fields": fields}


def yaml_of(entries):
    out = []
    for e in entries:
        f = ", ".join("%s: %s" % (k, json.dumps(v)) for k, v in e["fields"].items())
        out.append('- {matter: %s, decider: {person: %s, role: %s}, date: %s, fields: {%s}}'
                   % (e["matter"], json.dumps(e["decider"]["person"]), e["decider"]["role"], e["date"], f))
    return "\n".join(out) + "\n"


def check_history(remit, tmp, rng):
    policy = os.path.join(tmp, "p.remit")
    reg = os.path.join(tmp, "register.yaml")
    entries = [history_entry(rng, i) for i in range(400)]
    hj, hy = os.path.join(tmp, "h.json"), os.path.join(tmp, "h.yaml")
    with open(hj, "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n]\n")
    with open(hy, "w") as f:
        f.write(yaml_of(entries))
    probes = []
    for sup in ("Acme Ltd", "Beta plc", "Gamma LLP"):
        for matter, who in (("spend", "cfo"), ("order", "ops")):
            fields = ('{"amount": "£40,000", "category": "revenue", "supplier": "%s"}' % sup if matter == "spend"
                      else '{"supplier": "%s", "category": "revenue", "amount": "£40,000"}' % sup)
            probes.append('{"matter": "%s", "decider": "%s", "date": "2026-12-30", "fields": %s, '
                          '"context": {"level": 0}}' % (matter, who, fields))
    batch = ("\n".join(probes) + "\n").encode()
    a = run(remit, ["eval", policy, "--register", reg, "--history", hj, "--batch", "-"], batch)
    b = run(remit, ["eval", policy, "--register", reg, "--history", hy, "--batch", "-"], batch)
    outcomes = [json.loads(x)["result"].get("outcome") for x in a.stdout.decode().splitlines()]
    report(a.returncode == b.returncode and a.stdout == b.stdout and len(outcomes) == len(probes),
           "history: 400 entries by shape and plan, the same outcomes as from YAML (%s)"
           % ", ".join(sorted(set(str(o) for o in outcomes))),
           "json %d / yaml %d\n%s\n%s" % (a.returncode, b.returncode, a.stdout.decode()[:400],
                                         b.stdout.decode()[:400]))
    # a fault in the 57th entry, of the same shape: the same place as YAML's
    for fault, code in (("£12x", "R0101"), ("chief", "R0721")):
        bad = [dict(e) for e in entries]
        e = dict(bad[56])
        if code == "R0101":
            e["fields"] = dict(e["fields"], amount=fault)
        else:
            e["decider"] = dict(e["decider"], role=fault)
        bad[56] = e
        with open(hj, "w") as f:
            f.write("[\n" + ",\n".join(json.dumps(x, ensure_ascii=False) for x in bad) + "\n]\n")
        r = run(remit, ["eval", policy, "--register", reg, "--history", hj, "--format", "json", "--batch", "-"],
                batch)
        err = r.stderr.decode() + r.stdout.decode()
        report(r.returncode != 0 and code in err and ":58:" in err and err.count(code) == 1,
               "history: %s in entry 57 (line 58) reported there, once" % code,
               "exit %d: %s" % (r.returncode, err[:600]))


def check_audit(remit, tmp, rng):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    policy = os.path.join(root, "examples", "icb-scheme.remit")
    gen = os.path.join(root, "tools", "audit", "genledger.py")
    src = os.path.join(tmp, "gen.jsonl")
    subprocess.run([sys.executable, gen, "--lines", "2000", "--seed", str(rng.randrange(1000)), "--out", src,
                    "--expect", os.path.join(tmp, "gen.expect")], check=True, stdout=subprocess.DEVNULL)
    with open(src, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for faulty in (False, True):
        if faulty:  # values the plan must still type and refuse, where they are
            for at in sorted(rng.sample(range(len(lines)), 6)):
                k = rng.randrange(3)
                if k == 0:
                    lines[at] = lines[at].replace('"amount": "', '"amount": "x', 1)
                elif k == 1:
                    lines[at] = lines[at].replace('"decider": "', '"decider": "z', 1)
                else:
                    lines[at] = lines[at].replace('"risk": ', '"risk": 9', 1)
        a, b = os.path.join(tmp, "ledger.jsonl"), os.path.join(tmp, "ledger.json")
        with open(a, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        with open(b, "w", encoding="utf-8") as f:
            f.write("[" + ",\n".join(lines) + "]\n")
        for fmt in ("text", "json"):
            ra = run(remit, ["audit", policy, "--history", a, "--format", fmt], b"")
            rb = run(remit, ["audit", policy, "--history", b, "--format", fmt], b"")
            na = (ra.stdout + ra.stderr).decode().replace(a, "LEDGER")
            # (an excerpt of a list's line shows the comma after it)
            nb = "\n".join(x[:-1] if re.match(r"^ *[0-9]+ [|] ", x) and x.endswith("},") else x
                           for x in (rb.stdout + rb.stderr).decode().replace(b, "LEDGER").split("\n"))
            report(ra.returncode == rb.returncode and na == nb and len(na) > 100,
                   "audit: 2,000 lines%s by shape and plan as read whole (%s, exit %d)"
                   % (" with faults" if faulty else "", fmt, ra.returncode),
                   "exit %d / %d\n%s\n---\n%s" % (ra.returncode, rb.returncode, na[:500], nb[:500]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("remit")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--lines", type=int, default=300)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "p.remit"), "w") as f:
            f.write(POLICY)
        with open(os.path.join(tmp, "register.yaml"), "w") as f:
            f.write(REGISTER)
        entries = [history_entry(rng, i) for i in range(60)]
        with open(os.path.join(tmp, "history.json"), "w") as f:
            f.write("[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n]\n")
        chk = run(a.remit, ["check", os.path.join(tmp, "p.remit")], b"")
        report(chk.returncode in (0, 1) and b"error" not in chk.stdout + chk.stderr, "the policy checks",
               (chk.stdout + chk.stderr).decode()[:600])
        check_batch(a.remit, tmp, rng, a.lines)
        check_matters(a.remit, tmp)
        check_meetings(a.remit, tmp, rng)
        check_history(a.remit, tmp, rng)
        check_audit(a.remit, tmp, rng)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
