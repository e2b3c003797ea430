#!/usr/bin/env python3
"""tests/testreports.py REMIT - `remit test` for CI (SPEC.md 7.13.1): the
same test files, some passing, some failing (one with a name XML must
escape), one whose policy has errors and one with a key Remit does not
know, run with --format text, json, junit, sarif and github, with and
without --name.  The JSON is validated against
schemas/remit.test-1.schema.json, the SARIF against the official SARIF
2.1.0 schema, the JUnit XML parsed; every format counts the same tests,
passed and failed, as the text's closing line, and exits with the same
code.  Then the same with --coverage (SPEC 7.13.2): every format gives the
coverage the text gives, point for point; two files run together cover
what each covers alone; --coverage-min passes and fails alike in every
format.  Prints PASS/FAIL lines like the other suites."""
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


def run(remit, tmp, fmt, name=None, more=()):
    args = [remit, "test", "--format", fmt] + (["--name", name] if name else []) + list(more) + [tmp]
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


COVER_LINE = re.compile(r"^coverage of (.*): rules (\d+)/(\d+), thresholds (\d+)/(\d+) points, quorum (\d+)/(\d+), "
                        r"conflicts (\d+)/(\d+), protocols (\d+)/(\d+); (\d+)/(\d+) = (\d+\.\d)%$")
NOT_COVERED = re.compile(r"^(.+):(\d+):(\d+): not covered: (.+)$")
KINDS = ["rules", "thresholds", "quorum", "conflicts", "protocols"]


def text_coverage(text):
    """{policy: (counts by kind as (covered, total), all, percent)} and the
    (file, line, col, message: hint) of each point not covered"""
    pols, missing = {}, []
    for line in text.split("\n"):
        m = COVER_LINE.match(line)
        if m:
            g = m.groups()
            pols[g[0]] = ([(int(g[1 + 2 * k]), int(g[2 + 2 * k])) for k in range(5)],
                          (int(g[11]), int(g[12])), g[13])
        m = NOT_COVERED.match(line)
        if m:
            missing.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)))
    return pols, missing


def check_coverage(remit, tmp, name, tv, sv):
    what = "--coverage, " + ("--name %r" % name if name else "every test")
    rc_t, text, _ = run(remit, tmp, "text", name, ["--coverage"])
    pols, missing = text_coverage(text)
    say(pols and all(c <= t for counts, _, _ in pols.values() for c, t in counts),
        "%s: the text gives a coverage line for each policy run (%d)" % (what, len(pols)))
    rc_j, out_j, _ = run(remit, tmp, "json", name, ["--coverage"])
    rc_x, out_x, _ = run(remit, tmp, "junit", name, ["--coverage"])
    rc_s, out_s, _ = run(remit, tmp, "sarif", name, ["--coverage"])
    rc_g, out_g, _ = run(remit, tmp, "github", name, ["--coverage"])
    say(rc_t == rc_j == rc_x == rc_s == rc_g, "%s: every format exits alike (%d %d %d %d %d)"
        % (what, rc_t, rc_j, rc_x, rc_s, rc_g))
    doc = json.loads(out_j)
    errs = [e.message for e in tv.iter_errors(doc)]
    say(not errs and "coverage" in doc, "%s: the JSON is valid and has its coverage%s"
        % (what, ": " + "; ".join(errs[:3]) if errs else ""))
    cov = doc.get("coverage", {"policies": []})
    same = len(cov["policies"]) == len(pols)
    jmissing = []
    for p in cov["policies"]:
        counts, whole, pct = pols.get(p["policy"], (None, None, None))
        same &= counts == [(p[k]["covered"], p[k]["total"]) for k in KINDS]
        same &= whole == (p["covered"], p["total"]) == (sum(i["covered"] for i in p["items"]), len(p["items"]))
        same &= pct == "%.1f" % p["percent"] and p["percent"] == (p["covered"] * 1000 // p["total"] / 10
                                                                  if p["total"] else 100.0)
        jmissing += [(i["file"], i["line"], i["col"], "%s: %s" % (i["message"], i["hint"]))
                     for i in p["items"] if not i["covered"]]
    say(same and jmissing == missing and cov["covered"] == sum(p["covered"] for p in cov["policies"]),
        "%s: the JSON counts what the text counts, kind by kind, and lists the same %d points not covered"
        % (what, len(missing)))
    sarif = json.loads(out_s)
    errs = [e.message for e in sv.iter_errors(sarif)]
    notes = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "not-covered"]
    at = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
           r["locations"][0]["physicalLocation"]["region"]["startLine"],
           r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["message"]["text"]) for r in notes]
    say(not errs and all(r["level"] == "note" for r in notes) and len(at) == len(missing) and
        all(u.endswith(f) and l == k and c == j and m == n for (u, l, c, m), (f, k, j, n) in zip(at, missing)),
        "%s: the SARIF log is valid, with a note of rule not-covered at each point not covered, line and "
        "column%s"
        % (what, ": " + "; ".join(errs[:3]) if errs else ""))
    gn = [l for l in out_g.split("\n") if l.startswith("::notice ") and "title=not-covered::" in l]
    say(len(gn) == len(missing) and all(
        ("file=%s,line=%d,col=%d," % (f, l, c)) in g for g, (f, l, c, _) in zip(gn, missing)),
        "%s: a GitHub notice at each point not covered (%d)" % (what, len(gn)))
    root = ET.fromstring(out_x)
    props = {}
    for suite in root.findall("./testsuite"):
        pol = [p.get("value") for p in suite.findall("./properties/property") if p.get("name") == "policy"]
        cv = [p.get("value") for p in suite.findall("./properties/property") if p.get("name") == "coverage"]
        if pol and cv:
            props[pol[0]] = cv[0]
    say(props and all(COVER_LINE.match("coverage of %s: %s" % (k, v)) and k in pols for k, v in props.items()),
        "%s: the JUnit XML gives each suite's policy its coverage as a property" % what)
    return pols, missing


def covered_points(remit, paths, name=None):
    """the points covered, as (file, line, col, point), over the test files paths run together"""
    args = [remit, "test", "--format", "json", "--coverage"] + (["--name", name] if name else []) + paths
    doc = json.loads(subprocess.run(args, capture_output=True, timeout=120).stdout.decode("utf-8"))
    return {(p["policy"], i["file"], i["line"], i["col"], i["kind"], i["point"])
            for p in doc["coverage"]["policies"] for i in p["items"] if i["covered"]}


def coverage_cases(remit, tmp, tv, sv):
    check_coverage(remit, tmp, None, tv, sv)
    check_coverage(remit, tmp, "spend over*", tv, sv)
    a, d = os.path.join(tmp, "a.test.yaml"), os.path.join(tmp, "d.test.yaml")
    with open(d, "w", encoding="utf-8") as f:
        f.write("policy: %s\ntests:\n" % POLICY_OK)
        f.write("  - name: spend at £5m\n" + DECISION % "£5,000,000" + "    expect: refused\n")
        f.write("  - name: spend at £1m\n" + DECISION % "£1,000,000" + "    expect: refused\n")
    alone_a, alone_d, both = covered_points(remit, [a]), covered_points(remit, [d]), covered_points(remit, [a, d])
    say(both == alone_a | alone_d and alone_d - alone_a,
        "two files of one policy run together cover what each covers alone, and no more (%d points)" % len(both))
    filtered = covered_points(remit, [a, d], "spend at*")
    say(filtered == alone_d, "--name counts only what the tests it names reach")
    for fmt in ["text", "json", "junit", "sarif", "github"]:
        rc0, _, err0 = run(remit, d, fmt, None, ["--coverage-min", "0"])
        rc1, _, err1 = run(remit, d, fmt, None, ["--coverage-min", "100"])
        say(rc0 == 0 and not err0 and rc1 == 1 and re.search(r"coverage \d+\.\d% \(\d+ of \d+ points\) is below "
                                                             r"the minimum 100%", err1),
            "--format %s: --coverage-min 0 passes, --coverage-min 100 fails (exit 1) saying why" % fmt)
    rc, out, err = run(remit, os.path.join(tmp, "b.test.yaml"), "json", None, ["--coverage"])
    doc = json.loads(out)
    say(rc == 1 and tv.is_valid(doc) and doc["coverage"] == {"policies": [], "covered": 0, "total": 0,
                                                              "percent": None},
        "--coverage of a file whose policy has errors: no policy, no percentage (null), a valid document")
    rc, out, err = run(remit, d, "json", None, ["--coverage-min", "101"])
    say(rc == 2 and "--coverage-min takes a percentage from 0 to 100" in err and not out,
        "--coverage-min 101: a usage error (exit 2), saying so, with nothing written")
    bad = json.loads(run(remit, d, "json", None, ["--coverage"])[1])
    item = next(i for i in bad["coverage"]["policies"][0]["items"] if not i["covered"])
    del item["hint"]
    say(not tv.is_valid(bad), "the schema rejects a point not covered without its hint")
    bad = json.loads(run(remit, d, "json", None, ["--coverage"])[1])
    bad["coverage"]["policies"][0]["items"][0]["point"] = "at" if \
        bad["coverage"]["policies"][0]["items"][0]["kind"] != "threshold" else "exercised"
    say(not tv.is_valid(bad), "the schema rejects a point of the wrong kind")


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
        coverage_cases(remit, tmp, tv, sv)
    finally:
        shutil.rmtree(tmp)
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
