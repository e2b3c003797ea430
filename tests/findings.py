#!/usr/bin/env python3
"""tests/findings.py REMIT - what `remit check` writes for machines
(SPEC.md 9.1, 9.1.1): --format json (one remit.diagnostics/1 document for every
file, validated against schemas/remit.diagnostics-1.schema.json),
--format sarif (one SARIF 2.1.0 log, validated against the official
schema in tests/sarif/) and --format github (workflow commands), run on
every policy of tests/check and the examples together, on each alone, and
on a copy of one under a path that needs escaping.  The three agree with
each other diagnostic for diagnostic, and exit as the text does.  Each
schema is checked to reject a document broken on purpose, so that the
validation cannot pass vacuously.  Prints PASS/FAIL lines like the other
suites."""
import copy
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

from suite import ROOT, Suite, load_json, sarif_validator, validator

S = Suite("findings")
say = S.say


def run(remit, fmt, files):
    p = subprocess.run([remit, "check", "--format", fmt] + files, cwd=ROOT, capture_output=True,
                       timeout=300)
    return p.returncode, p.stdout.decode("utf-8")


GH_LINE = re.compile(r"^::(error|warning|notice) (?:file=([^,]*),line=(\d+),col=(\d+),endLine=(\d+)"
                     r"(?:,endColumn=(\d+))?,)?title=([^:]*)::(.*)$")


def unescape(s, prop):
    s = s.replace("%0A", "\n").replace("%0D", "\r")
    if prop:
        s = s.replace("%3A", ":").replace("%2C", ",")
    return s.replace("%25", "%")


def agree(name, diags, sarif, github):
    """The problems found between the three renderings of the same run."""
    problems = []
    run0 = sarif["runs"][0]
    rules, results = run0["tool"]["driver"]["rules"], run0["results"]
    if len(results) != len(diags):
        return ["%d SARIF results for %d diagnostics" % (len(results), len(diags))]
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids) or set(ids) != {d["code"] for d in diags}:
        problems.append("the rules are not each code given, once")
    level = {"error": "error", "warning": "warning", "note": "note"}
    lines = [l for l in github.split("\n") if l]
    if len(lines) != len(diags):
        problems.append("%d annotations for %d diagnostics" % (len(lines), len(diags)))
    for i, (d, r) in enumerate(zip(diags, results)):
        where = "%s: diagnostic %d (%s)" % (name, i, d["code"])
        if r["ruleId"] != d["code"] or rules[r["ruleIndex"]]["id"] != d["code"]:
            problems.append(where + ": ruleId or ruleIndex")
        if r["level"] != level[d["severity"]]:
            problems.append(where + ": level")
        text = r["message"]["text"]
        want = d["message"] + ("\nhint: " + d["hint"] if "hint" in d else "")
        if not text.startswith(want):
            problems.append(where + ": message %r" % text[:80])
        if "file" in d:
            loc = r["locations"][0]["physicalLocation"]
            uri = loc["artifactLocation"]["uri"]
            path = urllib.parse.unquote(uri[7:] if uri.startswith("file://") else uri)
            reg = loc["region"]
            end_col = d["end_column"] if d["end_line"] > d["line"] or d["end_column"] >= d["column"] \
                else d["column"]
            if path != d["file"] or reg["startLine"] != d["line"] or reg["startColumn"] != d["column"] \
                    or reg["endLine"] != max(d["end_line"], d["line"]) or reg["endColumn"] != end_col + 1:
                problems.append(where + ": location %r %r" % (uri, reg))
        elif "locations" in r:
            problems.append(where + ": a location for a whole-run message")
        if i < len(lines):
            m = GH_LINE.match(lines[i])
            sev = {"error": "error", "warning": "warning", "note": "notice"}[d["severity"]]
            if not m or m.group(1) != sev or unescape(m.group(7), True) != d["code"]:
                problems.append(where + ": annotation %r" % lines[i][:100])
            elif not unescape(m.group(8), False).startswith(want):
                problems.append(where + ": annotation message")
            elif "file" in d and (unescape(m.group(2), True) != d["file"] or int(m.group(3)) != d["line"]
                                  or int(m.group(4)) != d["column"]):
                problems.append(where + ": annotation place")
    return problems


def main():
    remit = os.path.abspath(sys.argv[1])
    dv = validator("remit.diagnostics-1.schema.json")
    sv = sarif_validator()
    checks = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "tests/check/*.remit")))
    examples = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "examples/*.remit")))
    tmp = tempfile.mkdtemp(prefix="remit-findings-")
    try:
        odd = os.path.join(tmp, "a b,c%d:e#.remit")  # a path that SARIF and GitHub must escape
        shutil.copy(os.path.join(ROOT, "tests/check/bad-suggest-tie.remit"), odd)
        sets = [("tests/check and the examples together", checks + examples),
                ("a path that needs escaping", [odd]),
                ("a file that is missing", ["tests/check/no-such-policy.remit"])]
        sets += [(p, [p]) for p in checks[:40]]
        docs = 0
        for name, files in sets:
            rc_t, _ = run(remit, "text", files)
            rc_j, out_j = run(remit, "json", files)
            rc_s, out_s = run(remit, "sarif", files)
            rc_g, out_g = run(remit, "github", files)
            try:
                dj, ds = json.loads(out_j), json.loads(out_s)
            except ValueError as e:
                say(False, "%s: not one JSON document (%s)" % (name, e))
                continue
            if not (rc_t == rc_j == rc_s == rc_g):
                say(False, "%s: exit codes text %d, json %d, sarif %d, github %d" % (name, rc_t, rc_j, rc_s, rc_g))
                continue
            errs = [e.message for e in dv.iter_errors(dj)] + [e.message for e in sv.iter_errors(ds)]
            problems = errs + agree(name, dj["diagnostics"], ds, out_g)
            if dj["errors"] != sum(d["severity"] == "error" for d in dj["diagnostics"]) or \
                    dj["warnings"] != sum(d["severity"] == "warning" for d in dj["diagnostics"]):
                problems.append("errors and warnings are not the diagnostics counted")
            docs += 2
            if name not in checks or problems:
                say(not problems, "%s: %d files, %d diagnostics, JSON and SARIF valid and agreeing with the "
                    "annotations%s" % (name, len(files), len(dj["diagnostics"]),
                                       "" if not problems else ": " + "; ".join(problems[:5])))
        say(True, "%d documents valid (%d runs of one file each agree)" % (docs, len(sets) - 3))
        # a folder: its policies (*.remit, in name order, its folders too) checked as if named
        tree = os.path.join(tmp, "tree")
        os.makedirs(os.path.join(tree, "b-sub"))
        os.makedirs(os.path.join(tree, "empty"))
        for src, dst in (("examples/icb-scheme.remit", "c.remit"), ("tests/check/bad-suggest-tie.remit", "a.remit"),
                         ("tests/check/bad-suggest-tie.remit", "b-sub/z.remit")):
            shutil.copy(os.path.join(ROOT, src), os.path.join(tree, dst))
        with open(os.path.join(tree, "notes.txt"), "w") as f:
            f.write("not a policy\n")
        named = [os.path.join(tree, x) for x in ("a.remit", "b-sub/z.remit", "c.remit")]
        rc_d, out_d = run(remit, "json", [tree])
        rc_n, out_n = run(remit, "json", named)
        say(rc_d == rc_n == 1 and out_d == out_n, "remit check DIR checks the folder's policies in name order, "
            "its folders too, as if each were named (exit %d, %d)" % (rc_d, rc_n))
        rc_f, out_f = run(remit, "json", [named[0], tree])
        say(rc_f == 1 and out_f == out_n, "remit check FILE DIR, DIR holding FILE: FILE checked once")
        rc_e = subprocess.run([remit, "check", os.path.join(tree, "empty")], capture_output=True, timeout=60)
        say(rc_e.returncode == 2 and b"no *.remit files found" in rc_e.stderr,
            "remit check of a folder with no policy: exit 2, saying so")
        # the schemas reject a broken document: the checks above cannot pass vacuously
        _, out_j = run(remit, "json", checks[:5])
        _, out_s = run(remit, "sarif", checks[:5])
        dj, ds = json.loads(out_j), json.loads(out_s)
        bad = []
        for mutate in (lambda d: d.pop("errors"), lambda d: d["diagnostics"][0].update(severity="fatal"),
                       lambda d: d["diagnostics"][0].update(colour=1), lambda d: d["diagnostics"][0].pop("line")):
            x = copy.deepcopy(dj)
            mutate(x)
            bad.append(dv.is_valid(x))
        for mutate in (lambda d: d.pop("version"), lambda d: d["runs"][0]["results"][0].update(level="fatal"),
                       lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                       .update(startLine=0)):
            x = copy.deepcopy(ds)
            mutate(x)
            bad.append(sv.is_valid(x))
        say(not any(bad), "the schemas reject documents broken on purpose (%d of %d rejected)"
            % (bad.count(False), len(bad)))
    finally:
        shutil.rmtree(tmp)
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
