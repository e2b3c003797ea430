#!/usr/bin/env python3
"""tests/testreports.py REMIT - `remit test` for CI (SPEC.md 7.13.1): the
same test files, some passing, some failing (one with a name XML must
escape), one whose policy has errors and one with a key Remit does not
know, run with --format text, json, junit, sarif and github, with and
without --name.  The JSON is validated against
schemas/remit.test-1.schema.json, the SARIF against the official SARIF
2.1.0 schema, the JUnit XML parsed; every format counts the same tests,
passed and failed, as the text's closing line, and exits with the same
code.  Prints PASS/FAIL lines like the other suites."""
import json
import os
import re
import subprocess
import sys
import tempfile
import shutil
import xml.etree.ElementTree as ET

from suite import ROOT, Suite, sarif_validator, validator

S = Suite("testreports")
say = S.say


POLICY_OK = os.path.join(ROOT, "examples/icb-scheme.remit")
DECISION = """    decision:
      matter: spend
      decider: cfo
      date: 2026-11-20
      fields: { amount: "%s", category: revenue, risk: 3, supplier: "Northfield Supplies Ltd" }
      context: { incident_level: 0 }
"""


def files(tmp):
    with open(os.path.join(tmp, "a.test.yaml"), "w", encoding="utf-8") as f:
        f.write("policy: %s\ntests:\n" % POLICY_OK)
        f.write("  - name: spend within the limit\n" + DECISION % "£200,000" + "    expect: permitted\n")
        f.write("  - name: spend over the limit, expected wrongly\n" + DECISION % "£9,000,000" +
                "    expect: permitted\n")
        f.write("  - name: \"odd <name> & 'quotes' \\\"here\\\" \\u001b\"\n" + DECISION % "£9,000,000" +
                "    expect: refused\n")
        f.write("  - name: spend over the limit escalates\n" + DECISION % "£9,000,000" + "    expect: escalate\n")
    with open(os.path.join(tmp, "b.test.yaml"), "w", encoding="utf-8") as f:
        f.write("policy: %s\ntests:\n  - name: never runs\n" % os.path.join(ROOT, "tests/check/bad-suggest-tie.remit")
                + DECISION % "£1" + "    expect: permitted\n")
    with open(os.path.join(tmp, "c.test.yaml"), "w", encoding="utf-8") as f:
        f.write("policy: %s\ncolour: blue\ntests:\n  - name: never runs either\n" % POLICY_OK +
                DECISION % "£1" + "    expect: permitted\n")


def xml_text(s):
    """s as the XML can carry it: a control character as the text \\u00XX"""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: "\\u%04x" % ord(m.group()), s)


def run(remit, tmp, fmt, name=None):
    args = [remit, "test", "--format", fmt] + (["--name", name] if name else []) + [tmp]
    p = subprocess.run(args, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def check(remit, tmp, name, tv, sv):
    what = "--name %r" % name if name else "every test"
    rc_t, text, _ = run(remit, tmp, "text", name)
    m = re.search(r"^(\d+) passed, (\d+) failed$", text, re.M)
    if not m:
        say(False, "%s: no closing line in the text" % what)
        return
    want = (int(m.group(1)), int(m.group(2)))
    rc_j, out_j, _ = run(remit, tmp, "json", name)
    rc_x, out_x, _ = run(remit, tmp, "junit", name)
    rc_s, out_s, _ = run(remit, tmp, "sarif", name)
    rc_g, out_g, _ = run(remit, tmp, "github", name)
    say(rc_t == rc_j == rc_x == rc_s == rc_g == 1,
        "%s: every format exits 1 (a test failed): text %d, json %d, junit %d, sarif %d, github %d"
        % (what, rc_t, rc_j, rc_x, rc_s, rc_g))
    doc = json.loads(out_j)
    errs = [e.message for e in tv.iter_errors(doc)]
    say(not errs, "%s: the JSON is a valid remit.test/1 document%s" % (what, ": " + "; ".join(errs[:3]) if errs else ""))
    tests = [t for f in doc["files"] for t in f["tests"]]
    say((doc["passed"], doc["failed"]) == want and sum(f["passed"] for f in doc["files"]) == want[0]
        and sum(f["failed"] for f in doc["files"]) == want[1],
        "%s: the JSON counts %d passed, %d failed, as the text does (%d, %d)"
        % (what, doc["passed"], doc["failed"], want[0], want[1]))
    faults = sum(1 for f in doc["files"] if f["status"] != "ran")
    root = ET.fromstring(out_x)
    cases = root.findall("./testsuite/testcase")
    fails = root.findall("./testsuite/testcase/failure")
    errors = root.findall("./testsuite/testcase/error")
    names = [c.get("name") for c in cases if c.find("error") is None]
    say(int(root.get("tests")) == len(cases) == len(tests) + faults and int(root.get("failures")) == len(fails)
        and int(root.get("errors")) == len(errors) == faults and len(fails) + len(errors) == want[1]
        and names == [xml_text(t["name"]) for t in tests],
        "%s: the JUnit XML parses, with a testcase a test (names as in the JSON) and an error a file that "
        "could not run: %s tests, %s failures, %s errors" % (what, root.get("tests"), root.get("failures"),
                                                           root.get("errors")))
    sarif = json.loads(out_s)
    errs = [e.message for e in sv.iter_errors(sarif)]
    results = sarif["runs"][0]["results"]
    failed_results = [r for r in results if r["ruleId"] == "test-failed"]
    lines = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in failed_results)
    say(not errs and lines == sorted(t["line"] for t in tests if not t["passed"]),
        "%s: the SARIF log is valid and has a result at each failed test's line%s"
        % (what, ": " + "; ".join(errs[:3]) if errs else ""))
    diags = sum(len(f.get("diagnostics", {}).get("diagnostics", [])) +
                len(f.get("policy_diagnostics", {}).get("diagnostics", [])) for f in doc["files"])
    gl = [l for l in out_g.split("\n") if l]
    say(len(gl) == len(failed_results) + diags == len(results)
        and all(re.match(r"^::(error|warning|notice) ", l) for l in gl),
        "%s: an annotation a failed test and a diagnostic (%d)" % (what, len(gl)))


def main():
    remit = os.path.abspath(sys.argv[1])
    sv = sarif_validator()
    tv = validator("remit.test-1.schema.json")
    tmp = tempfile.mkdtemp(prefix="remit-testreports-")
    try:
        files(tmp)
        check(remit, tmp, None, tv, sv)
        check(remit, tmp, "spend over*", tv, sv)
        rc, out, err = run(remit, tmp, "json", "no such test")
        say(rc == 2 and "no test's name matches 'no such test'" in err and json.loads(out)["files"],
            "a --name that matches no test: exit 2, saying so (the document still written)")
        rc, out, err = run(remit, tmp, "xml")
        say(rc == 2 and "unknown format 'xml'" in err and not out, "an unknown format: exit 2, saying so")
        bad = json.loads(run(remit, tmp, "json")[1])
        bad["files"][0]["tests"][0]["passed"] = "yes"
        say(not tv.is_valid(bad), "the schema rejects a document broken on purpose")
    finally:
        shutil.rmtree(tmp)
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
