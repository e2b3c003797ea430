#!/usr/bin/env python3
"""tests/audit.py REMIT - `remit audit POLICY --history LEDGER` (SPEC.md
7.18).

- The goldens: each tests/audit/NAME.cmd holds the arguments of one run;
  what it prints (standard output, then standard error) and its exit code
  must be tests/audit/NAME.out (tests/update-golden.sh rewrites them).
- Every JSON document among them is valid against
  schemas/remit.audit-1.schema.json, which rejects real ones broken on
  purpose.
- Each line of the example ledger is evaluated again with `remit eval`,
  its history the lines above it: the audit calls it a breach of
  authority or of signatures exactly when `remit eval` does not permit
  it, so that "the ledger before it" means what a history means.
- A ledger generated with breaches seeded at known lines
  (tools/audit/genledger.py, 20,000 lines) is audited: every breach
  seeded is found, at its lines, and nothing else, and the same as CSV
  gives the same; a clean one gives no breach (`make auditcheck` runs
  the same at a million lines).

Prints PASS/FAIL lines like the other suites."""
import difflib
import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile

from suite import ROOT, Suite, validator

S = Suite("audit")
say = S.say


def run(args):
    p = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def goldens(remit):
    docs = []
    for cmd in sorted(glob.glob(os.path.join(ROOT, "tests", "audit", "*.cmd"))):
        name = os.path.basename(cmd)[:-4]
        with open(cmd, encoding="utf-8") as f:
            args = shlex.split(f.read())
        rc, out, err = run([remit, "audit"] + args)
        got = out + err + "exit: %d\n" % rc
        gold = cmd[:-4] + ".out"
        try:
            with open(gold, encoding="utf-8") as f:
                want = f.read()
        except OSError:
            want = None
        ok = got == want
        say(ok, "golden %s (exit %d)" % (name, rc))
        if not ok:
            sys.stdout.writelines(difflib.unified_diff((want or "").splitlines(True), got.splitlines(True),
                                                       gold, "now", n=1))
        if out.startswith("{"):
            docs.append((name, json.loads(out)))
    return docs


def schema(docs):
    v = validator("remit.audit-1.schema.json")
    kinds = set()
    for name, doc in docs:
        errors = sorted(v.iter_errors(doc), key=lambda e: e.path)
        say(not errors, "%s is valid against remit.audit/1%s" % (name, ": " + errors[0].message[:200] if errors else ""))
        kinds.update(b["kind"] for b in doc["breaches"])
    say(len(kinds) >= 6, "the JSON goldens hold breaches of %d kinds: %s" % (len(kinds), ", ".join(sorted(kinds))))
    full = next((d for n, d in docs if n == "example-json"), None)
    if not full:
        say(False, "the golden example-json is missing")
        return
    broken = []
    d = json.loads(json.dumps(full)); del d["counts"]; broken.append(("without counts", d))
    d = json.loads(json.dumps(full)); d["breaches"][0]["kind"] = "theft"; broken.append(("a kind no audit has", d))
    d = json.loads(json.dumps(full)); d["breaches"][0]["lines"] = [4]; broken.append(("a split of one line", d))
    d = json.loads(json.dumps(full)); d["breaches"][1]["due"] = "2026-06-11"; broken.append(("a deadline's member on a refusal", d))
    d = json.loads(json.dumps(full)); d["as_of"] = "20 July 2026"; broken.append(("a day not written as a date", d))
    for what, doc in broken:
        say(not v.is_valid(doc), "the schema rejects a real audit broken on purpose: %s" % what)


def against_eval(remit, tmp, ledger, reg):
    """Each line of the ledger, evaluated by remit eval with the lines
    above it as its history, is permitted exactly when the audit finds no
    breach of authority or signatures at it."""
    ledger = os.path.join(ROOT, ledger)
    policy = "examples/icb-scheme.remit"
    regs = ["--register", reg] if reg else []
    rc, out, _ = run([remit, "audit", policy, "--history", ledger, "--format", "json"] + regs)
    doc = json.loads(out)
    refused = {b["line"] for b in doc["breaches"] if b["kind"] in ("without_authority", "signature_missing")}
    with open(ledger, encoding="utf-8") as f:
        lines = [json.loads(x) for x in f if x.strip()]
    agree = 0
    for k, line in enumerate(lines):
        hist = os.path.join(tmp, "history.json")
        with open(hist, "w", encoding="utf-8") as f:  # (a history follows up reports of urgent and crisis decisions alone)
            json.dump([{key: v for key, v in x.items() if key != "reported" or "under" in x or x.get("urgent")}
                       for x in lines[:k]], f, ensure_ascii=False)
        dec = {key: v for key, v in line.items()
               if key not in ("under", "ratified", "reported", "notified", "recorded", "published")}
        path = os.path.join(tmp, "decision.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(dec, f, ensure_ascii=False)
        args = [remit, "eval", "--format", "json"] + regs + [policy, path]
        if k:
            args[2:2] = ["--history", hist]
        erc, eout, eerr = run(args)
        try:
            outcome = json.loads(eout)["outcome"]
        except (ValueError, KeyError):
            say(False, "line %d: remit eval answered nothing (exit %d): %s" % (k + 1, erc, eerr.strip()[:300]))
            continue
        if (outcome != "permitted") == (k + 1 in refused):
            agree += 1
        else:
            say(False, "line %d: remit eval says %s, the audit %s" % (k + 1, outcome,
                                                                     "a breach" if k + 1 in refused else "none"))
    say(agree == len(lines) and len(refused) >= 1,
        "%s: each of its %d lines is permitted by remit eval, with the lines above it as its history, exactly "
        "when the audit finds no breach of authority at it (%d breaches)" % (os.path.relpath(ledger, ROOT),
                                                                          len(lines), len(refused)))


def seeded(remit, tmp):
    gen = os.path.join(ROOT, "tools", "audit", "genledger.py")
    for every, what in ((200, "seeded"), (0, "clean")):
        led, exp = os.path.join(tmp, what + ".jsonl"), os.path.join(tmp, what + ".json")
        p = subprocess.run([sys.executable, gen, "--lines", "20000", "--seed", "5", "--every", str(every),
                            "--out", led, "--expect", exp], capture_output=True, timeout=300)
        if p.returncode:
            say(False, "genledger.py failed: %s" % p.stderr.decode()[:300])
            continue
        rc, out, err = run([remit, "audit", "examples/icb-scheme.remit", "--history", led, "--format", "json"])
        try:
            doc = json.loads(out)
        except ValueError:
            say(False, "%s ledger: no JSON (exit %d): %s" % (what, rc, err[:300]))
            continue
        with open(exp, encoding="utf-8") as f:
            want = sorted((k, tuple(v)) for k, v in json.load(f))
        got = sorted((b["kind"], tuple(b.get("lines", [b["line"]]))) for b in doc["breaches"])
        missed = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        say(got == want and doc["decisions"] == 20000 and rc == (1 if want else 0),
            "%s ledger of 20,000 lines: %d breaches seeded, %d found; missed %s, false alarms %s (exit %d)"
            % (what, len(want), len(got), missed[:3] or "none", extra[:3] or "none", rc))
        if every:
            kinds = {k for k, _ in want}
            say(len(kinds) == 5, "the seeded ledger holds every kind genledger seeds: %s" % ", ".join(sorted(kinds)))
            csv_too(remit, tmp, led, got)


def csv_too(remit, tmp, led, want):
    """The same ledger as CSV (a header, then a row a line) gives the same
    breaches, a line further down."""
    import csv
    cols = ["matter", "decider", "date", "amount", "category", "risk", "supplier", "incident_level",
            "co_signatories", "under", "ratified", "activated.major_incident", "reported.board"]
    path = os.path.join(tmp, "ledger.csv")
    with open(led, encoding="utf-8") as f, open(path, "w", encoding="utf-8", newline="") as g:
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
    rc, out, err = run([remit, "audit", "examples/icb-scheme.remit", "--history", path, "--format", "json"])
    try:
        got = sorted((b["kind"], tuple(x - 1 for x in b.get("lines", [b["line"]]))) for b in json.loads(out)["breaches"])
    except ValueError:
        say(False, "the CSV ledger: no JSON (exit %d): %s" % (rc, err[:300]))
        return
    say(got == want, "the same ledger as CSV (CRLF, quoted money): the same %d breaches, a line further down"
        % len(got))


def progress(remit, tmp):
    """On a terminal, a long audit shows how far its replay has gone, on
    one line overwritten and cleared at the end; in a pipe, nothing."""
    import pty
    led, exp = os.path.join(tmp, "long.jsonl"), os.path.join(tmp, "long.json")
    subprocess.run([sys.executable, os.path.join(ROOT, "tools", "audit", "genledger.py"), "--lines", "140000",
                    "--every", "0", "--out", led, "--expect", exp], check=True, timeout=300)
    argv = [remit, "audit", "examples/icb-scheme.remit", "--history", led]
    master, slave = pty.openpty()
    p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    p.wait(timeout=300)
    os.close(master)
    say(b"\rremit audit: 65536 of 140000 lines replayed (46%)" in seen and seen.endswith(b"\r\033[K"),
        "on a terminal, the replay of 140,000 lines shows its progress and clears it: %r" % seen[-80:])
    rc, out, err = run(argv)
    say(rc == 0 and "\r" not in err and "replayed" not in err, "in a pipe, no progress is written (exit %d)" % rc)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: audit.py REMIT")
    remit = os.path.abspath(sys.argv[1])
    docs = goldens(remit)
    schema(docs)
    with tempfile.TemporaryDirectory() as tmp:
        against_eval(remit, tmp, "examples/ledgers/icb-scheme.jsonl", "examples/registers/icb-scheme.yaml")
        for ledger in ("same-day.jsonl", "split-window.jsonl"):
            against_eval(remit, tmp, "tests/audit/" + ledger, None)
        seeded(remit, tmp)
        progress(remit, tmp)
    sys.exit(S.end())


if __name__ == "__main__":
    main()
