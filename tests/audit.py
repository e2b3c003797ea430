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
import json
import os
import subprocess
import sys
import tempfile

from suite import ROOT, Suite, cmd_goldens, run, validator

S = Suite("audit")
say = S.say


def goldens(remit):
    return [(name, json.loads(out)) for name, _, out, _ in cmd_goldens(S, remit, "audit") if out.startswith("{")]


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
    sys.path.insert(0, os.path.join(ROOT, "tools", "audit"))
    from compare import as_csv  # the one JSON Lines -> CSV writer
    path = os.path.join(tmp, "ledger.csv")
    as_csv(led, path)
    rc, out, err = run([remit, "audit", "examples/icb-scheme.remit", "--history", path, "--format", "json"])
    try:
        got = sorted((b["kind"], tuple(x - 1 for x in b.get("lines", [b["line"]]))) for b in json.loads(out)["breaches"])
    except ValueError:
        say(False, "the CSV ledger: no JSON (exit %d): %s" % (rc, err[:300]))
        return
    say(got == want, "the same ledger as CSV (CRLF, quoted money): the same %d breaches, a line further down"
        % len(got))


def shards(remit, tmp, ledger, extra, what):
    """The ledger audited whole, and in 1, 2 and 4 shards merged by remit
    merge: the same bytes; each shard's report valid against the schema,
    and the reports of one line unreadable said by one shard alone."""
    v = validator("remit.audit-1.schema.json")
    base = [remit, "audit", "examples/icb-scheme.remit", "--history", ledger, "--format", "json"] + extra
    rc, whole, werr = run(base)
    for n in (1, 2, 4):
        paths, errs = [], ""
        for i in range(1, n + 1):
            src, out, err = run(base + ["--shard", "%d/%d" % (i, n)])
            path = os.path.join(tmp, "shard%d.json" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(out)
            paths.append(path)
            errs += err
            if not v.is_valid(json.loads(out)):
                say(False, "%s: shard %d/%d is not valid against remit.audit/1" % (what, i, n))
        mrc, merged, merr = run([remit, "merge"] + paths[::-1])
        say(merged == whole and mrc == rc and errs.count("error[") == werr.count("error["),
            "%s in %d shard%s, merged (given last first): the bytes of the whole audit (exit %d), and its %d "
            "faults said once among the shards" % (what, n, "s" if n > 1 else "", mrc, werr.count("error[")))
    return whole


def merge_refused(remit, tmp):
    """remit merge refuses what is not every shard of one audit, at its place."""
    base = [remit, "audit", "examples/icb-scheme.remit", "--history", "tests/audit/split-window.jsonl", "--format", "json"]
    p = []
    for i in (1, 2, 3):
        path = os.path.join(tmp, "m%d.json" % i)
        with open(path, "w", encoding="utf-8") as f:
            f.write(run(base + ["--shard", "%d/3" % i])[1])
        p.append(path)
    whole = os.path.join(tmp, "whole.json")
    with open(whole, "w", encoding="utf-8") as f:
        f.write(run(base)[1])
    other = os.path.join(tmp, "other.json")
    with open(other, "w", encoding="utf-8") as f:
        f.write(run([remit, "audit", "examples/icb-scheme.remit", "--history", "tests/audit/same-day.jsonl",
                     "--format", "json", "--shard", "3/3"])[1])
    # the same path, other bytes: a line taken out between the shards' runs
    led = os.path.join(tmp, "ledger.jsonl")
    with open(os.path.join(ROOT, "tests/audit/split-window.jsonl"), encoding="utf-8") as f:
        lines = f.readlines()
    edited = []
    for i, keep in ((1, lines), (2, lines), (3, lines[:len(lines) // 2] + lines[len(lines) // 2 + 1:])):
        with open(led, "w", encoding="utf-8") as f:
            f.writelines(keep)
        edited.append(os.path.join(tmp, "e%d.json" % i))
        with open(edited[-1], "w", encoding="utf-8") as f:
            f.write(run([remit, "audit", "examples/icb-scheme.remit", "--history", led, "--format", "json",
                         "--shard", "%d/3" % i])[1])
    for args, why in ((edited, "it was run on other inputs than the first report"),
                      ([p[0], p[1]], "the shards given are not N of N"),
                      ([p[0], p[1], p[1]], "this shard is given twice"),
                      ([p[0], p[1], other], "it is of another audit"),
                      ([whole], "it names no shard I of N")):
        rc, out, err = run([remit, "merge"] + args)
        say(rc == 6 and not out and "R0741" in err and why in err, "remit merge refuses %s (exit %d)" % (why, rc))
    rc, out, err = run([remit, "audit", "examples/icb-scheme.remit", "--history", "tests/audit/same-day.jsonl",
                        "--shard", "1/2"])
    say(rc == 2 and "--format json" in err, "--shard without --format json is a usage error (exit %d)" % rc)
    rc, out, err = run([remit, "audit", "examples/icb-scheme.remit", "--history", "tests/audit/same-day.jsonl",
                        "--format", "json", "--shard", "3/2"])
    say(rc == 2 and "I/N" in err, "--shard 3/2 is a usage error (exit %d)" % rc)


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
    # (read once, the ledger's lines are counted from its size and the
    # bytes read: about, within a hundredth)
    import re
    shown = re.search(rb"\rremit audit: 65536 of about (\d+) lines replayed \((\d+)%\)", seen)
    about = int(shown.group(1)) if shown else 0
    say(shown and abs(about - 140000) <= 1400 and int(shown.group(2)) == 65536 * 100 // about
        and seen.endswith(b"\r\033[K"),
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
        led = os.path.join(tmp, "shards.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "audit", "genledger.py"), "--lines", "20000",
                        "--seed", "9", "--out", led, "--expect", os.path.join(tmp, "shards.json")], check=True)
        shards(remit, tmp, led, [], "a seeded ledger of 20,000 lines")
        shards(remit, tmp, "examples/ledgers/icb-scheme.jsonl", ["--register", "examples/registers/icb-scheme.yaml"],
               "the example ledger")
        shards(remit, tmp, "tests/audit/unreadable-line.jsonl", [], "a ledger with a line that is no decision")
        merge_refused(remit, tmp)
    sys.exit(S.end())


if __name__ == "__main__":
    main()
