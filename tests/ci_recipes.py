#!/usr/bin/env python3
"""tests/ci_recipes.py - the CI recipes of docs/ci.md, exercised.

    python3 tests/ci_recipes.py build/remit

- docs/ci/github-workflow.yml and docs/ci/gitlab-ci.yml are read as YAML
  and checked for the shape GitHub Actions and GitLab CI want; docs/ci.md
  must hold each word for word (so the page and the files cannot drift);
  the `remit diff` and `remit test --coverage` steps must be live.
- The Remit commands of their steps (not the package installation, the
  build or the uploads, which need the network or the CI service) are run
  as the CI system would, `remit` being the binary given, in a small
  repository laid out as the recipes expect: they pass on good policies,
  fail with exit code 1 on a broken policy or test, and write a SARIF
  2.1.0 log (validated against the official schema) and JUnit XML.
- The diff steps (base versions, the comment, the optional --fail-on
  widened gate) run for real, `remit diff` being the binary given, on pull
  and merge requests of a local git origin that widen a policy, narrow it,
  break it or change none; only `gh` and `curl` (the network) are stood in
  for.
- tools/pre-commit is installed in a new git repository and commits are
  made through it.

PASS/FAIL lines, then "ci: N passed, N failed"; exit 1 on any FAIL.
Needs git, bash, PyYAML (python3-yaml) and jsonschema."""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import yaml

from suite import ROOT, Suite, sarif_validator

S = Suite("ci")
GITHUB = "docs/ci/github-workflow.yml"
GITLAB = "docs/ci/gitlab-ci.yml"
DOC = "docs/ci.md"
HOOK = os.path.join(ROOT, "tools", "pre-commit")
# keywords of .gitlab-ci.yml that are not jobs
GITLAB_KEYWORDS = {"default", "include", "stages", "variables", "workflow", "image", "services",
                   "cache", "before_script", "after_script", "spec"}
REMIT_CMD = re.compile(r"(^|[\s;&|(])remit\s+(check|test|diff|fmt)\b", re.M)


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def run(args, cwd, env, stdin=None):
    p = subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def uncomment(text):
    """The recipe with its commented-out steps switched on: '# - ...' and
    '#   ...' lose their '# ' (prose comments start '# ' then a word)."""
    out = []
    for line in text.splitlines(True):
        m = re.match(r"^(\s*)# (- .*|  .*|pull-requests: write.*)$", line, re.S)
        out.append(m.group(1) + m.group(2) if m else line)
    return "".join(out)


# ---- the shapes of the files ------------------------------------------

def github_shape(wf, what):
    ok = isinstance(wf, dict)
    on = wf.get("on", wf.get(True)) if ok else None  # YAML 1.1 reads a bare `on` as true
    S.say(ok and isinstance(on, (dict, list, str)) and "pull_request" in on,
          "%s: has `on`, with pull_request" % what)
    jobs = wf.get("jobs") if ok else None
    S.say(isinstance(jobs, dict) and len(jobs) > 0, "%s: has `jobs`" % what)
    for name, job in (jobs or {}).items():
        steps = job.get("steps") if isinstance(job, dict) else None
        S.say(isinstance(job, dict) and isinstance(job.get("runs-on"), (str, list)) and
              isinstance(steps, list) and len(steps) > 0,
              "%s: job %s has runs-on and steps" % (what, name))
        bad = [i + 1 for i, st in enumerate(steps or [])
               if not (isinstance(st, dict) and isinstance(st.get("name"), str) and
                       ("run" in st) != ("uses" in st) and
                       (isinstance(st.get("run"), str) or
                        re.match(r"^[\w.-]+/[\w./-]+@\S+$", str(st.get("uses", "")))))]
        S.say(not bad, "%s: job %s: every step is named and has one `run` or one `uses` pinned to a version%s"
              % (what, name, ": not steps %s" % bad if bad else ""))
        ids = {st.get("id") for st in steps or [] if isinstance(st, dict)}
        refs = set(re.findall(r"steps\.([\w-]+)\.", json.dumps(steps)))
        S.say(refs <= ids, "%s: job %s: every steps.ID named in a condition is a step's id (%s)"
              % (what, name, ", ".join(sorted(refs)) or "none"))
    return jobs or {}


def gitlab_shape(ci, what):
    ok = isinstance(ci, dict)
    jobs = {k: v for k, v in ci.items() if k not in GITLAB_KEYWORDS and not str(k).startswith(".")} if ok else {}
    S.say(len(jobs) > 0, "%s: has at least one job" % what)
    for name, job in jobs.items():
        script = job.get("script") if isinstance(job, dict) else None
        S.say(isinstance(script, list) and len(script) > 0 and all(isinstance(c, str) for c in script),
              "%s: job %s has a script, a list of commands" % (what, name))
        for key in ("before_script", "after_script"):
            if isinstance(job, dict) and key in job:
                S.say(isinstance(job[key], list) and all(isinstance(c, str) for c in job[key]),
                      "%s: job %s: %s is a list of commands" % (what, name, key))
    return jobs


def static_checks(gh_text, gl_text, doc):
    gh = yaml.safe_load(gh_text)
    gl = yaml.safe_load(gl_text)
    S.say(gh_text in doc, "%s holds %s word for word" % (DOC, GITHUB))
    S.say(gl_text in doc, "%s holds %s word for word" % (DOC, GITLAB))
    for rel, text in ((GITHUB, gh_text), (GITLAB, gl_text)):
        lines = text.splitlines()
        live = [ln for ln in lines if not ln.lstrip().startswith("#")]
        switched = [ln for ln in uncomment(text).splitlines() if ln not in lines]  # the commented-out commands
        S.say(any("remit test --coverage --coverage-min 80" in ln for ln in live) and
              not any("--coverage" in ln for ln in switched),
              "%s: the coverage step, remit test --coverage --coverage-min 80, is live" % rel)
        S.say(not any("NOT AVAILABLE YET" in ln for ln in lines), "%s: no step is marked NOT AVAILABLE YET" % rel)
        S.say(any("remit diff --format markdown" in ln for ln in live) and
              any("remit diff --fail-on widened" in ln for ln in live) and
              not any("remit diff" in ln for ln in switched),
              "%s: the remit diff steps are live: the Markdown comment and the --fail-on widened gate" % rel)
    S.say("--fail-on widened" in doc and "decide something they could not before" in doc and
          "NOT AVAILABLE YET" not in doc and "## Test coverage" in doc and "--coverage-min 80" in doc,
          "%s: says what --fail-on widened and the coverage step mean, and nothing is still to come" % DOC)
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc)
    missing = [l for l in links if "://" not in l and not os.path.exists(os.path.join(ROOT, "docs", l))]
    S.say(not missing, "%s: its links to files lead to files (%d links)%s"
          % (DOC, len(links), ": missing " + ", ".join(missing) if missing else ""))

    jobs = github_shape(gh, GITHUB)
    steps = [st for job in jobs.values() for st in job.get("steps", [])]
    sarif_up = [st for st in steps if str(st.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    S.say(len(sarif_up) == 1 and "always()" in str(sarif_up[0].get("if", "")),
          "%s: the SARIF is uploaded with github/codeql-action/upload-sarif, if: always()" % GITHUB)
    S.say(gh.get("permissions", {}).get("security-events") == "write",
          "%s: permissions give security-events: write (for upload-sarif)" % GITHUB)
    art = [st for st in steps if str(st.get("uses", "")).startswith("actions/upload-artifact@")]
    S.say(len(art) == 1 and "remit-test.xml" in str(art[0].get("with", {}).get("path")) and
          "always()" in str(art[0].get("if", "")),
          "%s: the JUnit report is kept as an artifact, even when a step failed" % GITHUB)
    remit_steps = [st for st in steps if REMIT_CMD.search(st.get("run", ""))]
    S.say(all(re.search(r"!cancelled\(\)|always\(\)", str(st.get("if", ""))) for st in remit_steps[1:]),
          "%s: every Remit step runs even when an earlier one failed" % GITHUB)
    S.say(gh.get("permissions", {}).get("pull-requests") == "write",
          "%s: permissions give pull-requests: write (for the diff comment)" % GITHUB)
    base = [st for st in steps if st.get("id") == "base"]
    comment = [st for st in steps if "remit diff --format markdown" in st.get("run", "")]
    gate = [st for st in steps if "--fail-on widened" in st.get("run", "")]
    S.say(len(base) == 1 and "github.event_name == 'pull_request'" in str(base[0].get("if")) and
          len(comment) == 1 and "gh pr comment" in comment[0]["run"] and
          len(gate) == 1 and gate[0] is not comment[0] and "gh " not in gate[0]["run"] and
          all("steps.base.outcome == 'success'" in str(st.get("if")) for st in comment + gate),
          "%s: on a pull request, a step gets the base versions; the comment and the gate are "
          "separate steps after it" % GITHUB)
    fjobs = github_shape(yaml.safe_load(uncomment(gh_text)), GITHUB + " with its future step on")
    fsteps = [st for job in fjobs.values() for st in job.get("steps", [])]
    S.say(len(fsteps) == len(steps), "%s: no step is left commented out, to switch on later" % GITHUB)

    gjobs = gitlab_shape(gl, GITLAB)
    job = next(iter(gjobs.values()), {})
    junit = job.get("artifacts", {}).get("reports", {}).get("junit")
    S.say(junit == "remit-test.xml" and any("> remit-test.xml" in c for c in job.get("script", [])),
          "%s: artifacts:reports:junit names the report the script writes" % GITLAB)
    S.say(job.get("artifacts", {}).get("when") == "always" and
          "remit-check.sarif" in job.get("artifacts", {}).get("paths", []),
          "%s: the reports and the SARIF are kept even when the job fails (artifacts:when: always)" % GITLAB)
    script = job.get("script", [])
    S.say(any(re.search(r"apt-get install .*\bcurl\b", c) for c in job.get("before_script", [])) and
          sum("remit diff --format markdown" in c for c in script) == 1 and
          sum("--fail-on widened" in c for c in script) == 1 and
          not any("--format markdown" in c and "--fail-on" in c for c in script),
          "%s: the comment and the gate are separate commands; curl is installed for the comment" % GITLAB)
    fg = gitlab_shape(yaml.safe_load(uncomment(gl_text)), GITLAB + " with its future step on")
    fjob = next(iter(fg.values()), {})
    S.say(len(fjob.get("script", [])) == len(script),
          "%s: no command is left commented out, to switch on later" % GITLAB)
    return gh, gl


# ---- a repository of policies --------------------------------------------

def make_repo(where):
    """policies/icb-scheme.remit, its tests and the register they name,
    laid out as the recipes expect."""
    ex = os.path.join(ROOT, "examples")
    pol = os.path.join(where, "policies")
    os.makedirs(pol)
    test = yaml.safe_load(read("examples/icb-scheme.test.yaml"))
    for rel in ("icb-scheme.test.yaml", test["policy"], test.get("register")):
        if rel:
            os.makedirs(os.path.dirname(os.path.join(pol, rel)), exist_ok=True)
            shutil.copy(os.path.join(ex, rel), os.path.join(pol, rel))
    return pol


# wrong (no holder `nobody`) and not laid out (two spaces): the check, the
# tests and the layout all fail on it
BROKEN_LINE = "\ndelegate spend from nobody to  ceo\n"


# the expressions of a pull request's run, as GitHub would give them
PR_EXPRS = {"${{ github.base_ref }}": "main", "${{ github.event.pull_request.number }}": "42",
            "${{ github.token }}": "stub-token"}


def github_env(wf, job, step, base, exprs):
    env = dict(base)
    for d in (wf.get("env"), job.get("env"), step.get("env")):
        for k, v in (d or {}).items():
            v = str(v)
            for e, val in exprs.items():
                v = v.replace(e, val)
            env[str(k)] = v
    return env


def github_runs(st, event, outcome):
    """Whether GitHub runs the step, by its `if`: a pull_request condition,
    and steps.ID.outcome == 'success' (a step not run here, as the build,
    counts as a success)."""
    cond = str(st.get("if", ""))
    if "github.event_name == 'pull_request'" in cond and event != "pull_request":
        return False
    return all(outcome.get(i, "success") == "success"
               for i in re.findall(r"steps\.([\w-]+)\.outcome == 'success'", cond))


def run_github(wf, repo, env, event="push", pick=None):
    """Each Remit step (and the step getting the base versions; those pick
    keeps, if given), as GitHub runs a `run:` (bash -eo pipefail) on a push
    or a pull_request: [(name, rc, out, err)] of the steps run, in order."""
    res, outcome = [], {}
    exprs = PR_EXPRS if event == "pull_request" else {}
    for job in wf["jobs"].values():
        for st in job["steps"]:
            text = st.get("run", "")
            if not (REMIT_CMD.search(text) or ".remit-base" in text) or (pick and not pick(st)):
                continue
            if not github_runs(st, event, outcome):
                outcome[st.get("id")] = "skipped"
                continue
            if "${{" in text:
                res.append((st["name"], "uses ${{ }} in its run: cannot be run here", "", ""))
                continue
            e = github_env(wf, job, st, env, exprs)
            if any("${{" in v for v in e.values()):
                res.append((st["name"], "an env value with ${{ }} this test does not know", "", ""))
                continue
            rc, out, err = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", text], repo, e)
            outcome[st.get("id")] = "success" if rc == 0 else "failure"
            res.append((st["name"], rc, out, err))
    return res


def run_gitlab(ci, repo, env, pick=None):
    """Each job's script (the commands pick keeps, if given), as GitLab
    runs it (one bash, -eo pipefail): [(name, rc, out, err)]."""
    res = []
    for name, job in ci.items():
        if name in GITLAB_KEYWORDS or not isinstance(job, dict):
            continue
        e = dict(env)
        for d in (ci.get("variables"), job.get("variables")):
            for k, v in (d or {}).items():
                e[str(k)] = str(v)
        script = [c for c in job["script"] if pick is None or pick(c)]
        rc, out, err = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", "\n".join(script)],
                           repo, e)
        res.append((name, rc, out, err))
    return res


def check_reports(repo, what, failures_expected):
    sarif = os.path.join(repo, "remit-check.sarif")
    try:
        with open(sarif, encoding="utf-8") as f:
            log = json.load(f)
        errs = list(sarif_validator().iter_errors(log))
        S.say(log.get("version") == "2.1.0" and not errs,
              "%s: remit-check.sarif is a SARIF 2.1.0 log, valid against the official schema%s"
              % (what, ": " + errs[0].message if errs else ""))
    except (OSError, ValueError) as e:
        S.say(False, "%s: remit-check.sarif is JSON: %s" % (what, e))
    try:
        root = ET.parse(os.path.join(repo, "remit-test.xml")).getroot()
        n, failed = int(root.get("tests", "0")), int(root.get("failures", "0")) + int(root.get("errors", "0"))
        S.say(root.tag == "testsuites" and n > 0 and (failed > 0) == failures_expected,
              "%s: remit-test.xml is JUnit XML (%d tests, %d failed)" % (what, n, failed))
    except (OSError, ET.ParseError, ValueError) as e:
        S.say(False, "%s: remit-test.xml is XML: %s" % (what, e))


def exercise_recipes(gh, gl, remit, tmp):
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    os.symlink(remit, os.path.join(bindir, "remit"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    env.pop("REMIT_STDLIB", None)
    for system, runner, cfg in (("GitHub", run_github, gh), ("GitLab", run_gitlab, gl)):
        repo = os.path.join(tmp, system.lower())
        pol = make_repo(repo)
        res = runner(cfg, repo, env)
        if system == "GitHub":
            kinds = set()
            for j in cfg["jobs"].values():
                for st in j["steps"]:
                    m = REMIT_CMD.search(st.get("run", ""))
                    if m:
                        kinds |= {(m.group(2), f) for f in re.findall(r"--format (\w+)", st["run"])}
            S.say({("check", "github"), ("check", "sarif"), ("test", "junit")} <= kinds,
                  "GitHub: the workflow runs remit check --format github and sarif, remit test --format junit")
        S.say(len(res) > 0, "%s: the recipe has Remit steps to run (%d)" % (system, len(res)))
        for name, rc, out, err in res:
            S.say(rc == 0, "%s: '%s' exits 0 on good policies (exit %s)%s"
                  % (system, name, rc, "" if rc == 0 else ": " + (err or out).strip()[:400]))
        check_reports(repo, system + ", good policies", False)
        cov = [out for name, rc, out, err in res if "coverage of " in out]
        S.say(len(cov) == 1 and "coverage of policies/icb-scheme.remit: rules 9/9, thresholds 24/24 points, quorum "
              "0/0, conflicts 0/0, protocols 3/3; 36/36 = 100.0%" in cov[0] and "coverage of policies/" in DOC_TEXT,
              "%s: the coverage step prints the policy's coverage, as docs/ci.md shows it" % system)

        # a broken policy: the check fails with 1, and the tests of it
        with open(os.path.join(pol, "icb-scheme.remit"), "a", encoding="utf-8") as f:
            f.write(BROKEN_LINE)
        res = runner(cfg, repo, env)
        for name, rc, out, err in res:
            S.say(rc == 1, "%s: '%s' exits 1 once the policy is broken (exit %s)" % (system, name, rc))
        if system == "GitHub":
            notes = [out for name, rc, out, err in res if out.startswith("::error file=policies/icb-scheme.remit,line=")]
            S.say(len(notes) == 2 and all("title=R0201::" in n for n in notes),
                  "GitHub, broken policy: both annotation steps (check and test) print the error as "
                  "::error file=...,line=...,title=R0201")
        with open(os.path.join(repo, "remit-check.sarif"), encoding="utf-8") as f:
            results = json.load(f)["runs"][0]["results"]
        uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in results for loc in r.get("locations", [])}
        S.say(any(r.get("ruleId") == "R0201" for r in results) and uris == {"policies/icb-scheme.remit"},
              "%s, broken policy: the SARIF gives its error at policies/icb-scheme.remit" % system)
        shutil.copy(os.path.join(ROOT, "examples", "icb-scheme.remit"), os.path.join(pol, "icb-scheme.remit"))

        # a test that fails: the test steps exit 1, the check steps 0
        tf = os.path.join(pol, "icb-scheme.test.yaml")
        with open(tf, encoding="utf-8") as f:
            text = f.read()
        with open(tf, "w", encoding="utf-8") as f:
            f.write(text.replace("expect: permitted", "expect: refused", 1))
        res = runner(cfg, repo, env)
        for name, rc, out, err in res:
            is_check = system == "GitHub" and re.search(r"remit (check|fmt)", next(
                st["run"] for j in cfg["jobs"].values() for st in j["steps"] if st["name"] == name))
            want = 0 if is_check else 1
            S.say(rc == want, "%s: '%s' exits %d when a test fails (exit %s)" % (system, name, want, rc))
        check_reports(repo, system + ", a test failing", True)

        # tests that reach too little of the policy: the coverage step
        # alone exits 1, saying why
        first = text.split("\n  - name:")
        with open(tf, "w", encoding="utf-8") as f:
            f.write(first[0] + "\n  - name:" + first[1].rstrip("\n") + "\n")
        res = runner(cfg, repo, env)
        for name, rc, out, err in res:
            step = name if system == "GitLab" else next(
                st["run"] for j in cfg["jobs"].values() for st in j["steps"] if st["name"] == name)
            low = "--coverage-min" in step or system == "GitLab"
            S.say(rc == (1 if low else 0) and (not low or "is below the minimum 80%" in err),
                  "%s: '%s' exits %d when one test is left, reaching too little of the policy (exit %s)"
                  % (system, name, 1 if low else 0, rc))


# ---- the diff steps, on pull and merge requests -----------------------------

# only the network is stood in for: gh and curl record what they would post
STUB_GH = """#!/bin/sh
printf '%s\\n' "$@" > "$STUB_LOG"
prev=
for a in "$@"; do [ "$prev" = --body-file ] && cp "$a" "$STUB_BODY"; prev=$a; done
exit 0
"""
STUB_CURL = """#!/bin/sh
printf '%s\\n' "$@" > "$STUB_LOG"
for a in "$@"; do case $a in body@*) cp "${a#body@}" "$STUB_BODY" ;; esac; done
exit 0
"""
# on PATH when no policy changed: Remit must not be run at all
TRIPWIRE_REMIT = """#!/bin/sh
echo "remit $*" >> "$STUB_LOG.remit"
exit 97
"""
SPACED = "north east.remit"


def git(args, cwd, env):
    rc, out, err = run(["git"] + args, cwd, env)
    if rc != 0:
        raise RuntimeError("git %s: %s" % (" ".join(args), err.strip()))
    return out


def threshold(text, amount):
    """The scheme with the Board's threshold and the chief executive's
    delegation moved from £5m to amount."""
    new = text.replace("const board_threshold = £5m", "const board_threshold = " + amount) \
              .replace("delegate spend from board to ceo up to £5m", "delegate spend from board to ceo up to " + amount)
    if new.count(amount) < 2:
        raise RuntimeError("examples/icb-scheme.remit no longer has the lines the diff test changes")
    return new


def exercise_diff(gh, gl, remit, tmp, genv):
    stubs = os.path.join(tmp, "diff-stubs")
    trip = os.path.join(tmp, "diff-tripwire")
    bindir = os.path.join(tmp, "diff-bin")
    for d in (stubs, trip, bindir):
        os.makedirs(d)
    os.symlink(remit, os.path.join(bindir, "remit"))
    for d, name, body in ((stubs, "gh", STUB_GH), (stubs, "curl", STUB_CURL), (trip, "remit", TRIPWIRE_REMIT)):
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write(body)
        os.chmod(p, 0o755)
    log, body = os.path.join(tmp, "stub.log"), os.path.join(tmp, "stub.body")
    path = os.pathsep.join([stubs, bindir, genv["PATH"]])
    env = dict(genv, PATH=path, STUB_LOG=log, STUB_BODY=body)
    no_remit = dict(env, PATH=os.pathsep.join([stubs, trip, genv["PATH"]]))
    good = read("examples/icb-scheme.remit")

    # the origin: main with two policies (one with a space in its name)
    origin = os.path.join(tmp, "origin.git")
    work = os.path.join(tmp, "base-work")
    git(["init", "-q", "--bare", "-b", "main", origin], tmp, env)
    os.makedirs(work)
    git(["init", "-q", "-b", "main", work], tmp, env)
    make_repo(work)
    shutil.copy(os.path.join(work, "policies", "icb-scheme.remit"), os.path.join(work, "policies", SPACED))
    git(["add", "-A"], work, env)
    git(["commit", "-q", "-m", "base"], work, env)
    git(["push", "-q", "file://" + origin, "main"], work, env)
    base_sha = git(["rev-parse", "HEAD"], work, env).strip()

    # a clone with a branch for each kind of request
    clone = os.path.join(tmp, "pr")
    git(["clone", "-q", "file://" + origin, clone], tmp, env)

    def branch(name, policies=None, extra=None):
        git(["checkout", "-q", "-b", name, base_sha], clone, env)
        for rel, text in (policies or {}).items():
            with open(os.path.join(clone, "policies", rel), "w", encoding="utf-8") as f:
                f.write(text)
        for rel, text in (extra or {}).items():
            with open(os.path.join(clone, rel), "w", encoding="utf-8") as f:
                f.write(text)
        git(["add", "-A"], clone, env)
        git(["commit", "-q", "-m", name], clone, env)

    widened, narrowed = threshold(good, "£6m"), threshold(good, "£4m")
    branch("widen", {"icb-scheme.remit": widened, SPACED: widened, "added.remit": widened})
    branch("narrow", {"icb-scheme.remit": narrowed, SPACED: narrowed})
    branch("broken", {"icb-scheme.remit": widened, SPACED: good + BROKEN_LINE})
    branch("nothing", extra={"README.md": "The scheme of delegation.\n"})

    def checkout(name):
        git(["checkout", "-q", "-f", name], clone, env)
        git(["clean", "-q", "-fdx"], clone, env)  # a fresh checkout, as CI has
        for p in (log, body, log + ".remit"):
            if os.path.exists(p):
                os.remove(p)

    def posted():
        args = open(log, encoding="utf-8").read() if os.path.exists(log) else None
        text = open(body, encoding="utf-8").read() if os.path.exists(body) else None
        return args, text

    def expected(names):
        """What `remit diff --format markdown` says of each policy, base
        version (of base_sha) against the branch's, named as the step names
        them: the comment must be that, word for word."""
        d = tempfile.mkdtemp(dir=tmp)
        out = ""
        for n in names:
            rel = "policies/" + n
            os.makedirs(os.path.join(d, ".remit-base", "policies"), exist_ok=True)
            os.makedirs(os.path.join(d, "policies"), exist_ok=True)
            with open(os.path.join(d, ".remit-base", rel), "wb") as f:
                subprocess.run(["git", "show", "%s:%s" % (base_sha, rel)], cwd=clone, env=env, stdout=f,
                               check=True, timeout=60)
            shutil.copy(os.path.join(clone, rel), os.path.join(d, rel))
            out += subprocess.run([remit, "diff", "--format", "markdown", ".remit-base/" + rel, rel], cwd=d,
                                  env=env, capture_output=True, timeout=60).stdout.decode("utf-8")
        return out

    def real_comment(what, text, names, widens):
        want = expected(names)
        ok = (text is not None and text == want and text.startswith("### Remit: what changes from") and
              "| decisions | before | now |" in text and
              all("to policies/%s\n" % n in text for n in names) and "added.remit" not in text and
              ("**widened**" in text) == widens)
        S.say(ok, "%s: the comment's body is `remit diff --format markdown` of each changed policy against its "
                  "base version (%s), word for word%s"
              % (what, ", ".join(names), "" if ok else ": got %r" % (text or "")[:300]))

    # ---- GitHub: the three steps, as on a pull request
    def github(name, e=env):
        checkout(name)
        res = run_github(gh, clone, e, event="pull_request",
                         pick=lambda s: s.get("id") == "base" or "steps.base." in str(s.get("if")))
        steps = {}
        for n, rc, out, err in res:
            key = "base" if "base branch" in n else "gate" if "widens" in n else "comment" if "Comment" in n else n
            steps[key] = (rc, out, err)
        return steps

    st = github("widen")
    S.say(set(st) == {"base", "comment", "gate"}, "GitHub, pull request: the base, comment and gate steps run (%s)"
          % ", ".join(sorted(st)))
    rc_b, rc_c = st.get("base", (None,))[0], st.get("comment", (None,))[0]
    S.say(rc_b == 0 and rc_c == 0,
          "GitHub, policies widened: getting the base versions and commenting exit 0 (not failed because "
          "the policies changed; exits %s, %s)%s" % (rc_b, rc_c, "" if rc_c == 0 else ": " + st["comment"][2][:300]))
    args, text = posted()
    S.say(args == "pr\ncomment\n42\n--body-file\nremit-diff.md\n",
          "GitHub, policies widened: the comment is posted with gh pr comment 42 --body-file remit-diff.md")
    real_comment("GitHub, policies widened", text, ["icb-scheme.remit", SPACED], True)
    rc, out, err = st.get("gate", (None, "", ""))
    S.say(rc == 1 and "WIDENED spend by Chief Executive" in out and
          "::error file=policies/icb-scheme.remit::this change widens authority" in out and
          "::error file=policies/%s::this change widens authority" % SPACED in out,
          "GitHub, policies widened: the --fail-on widened gate fails, an error on each policy, a space "
          "in its name too (exit %s)" % rc)

    st = github("narrow")
    rcs = [st.get(k, (None,))[0] for k in ("base", "comment", "gate")]
    S.say(rcs == [0, 0, 0], "GitHub, policies narrowed: every step exits 0, the gate too (exits %s)" % rcs)
    real_comment("GitHub, policies narrowed", posted()[1], ["icb-scheme.remit", SPACED], False)

    st = github("broken")
    text = posted()[1] or ""
    S.say(st.get("comment", (None,))[0] == 0 and st.get("gate", (None,))[0] == 1 and
          text.startswith("### Remit: what changes from .remit-base/policies/icb-scheme.remit") and
          "### Remit: policies/%s could not be compared" % SPACED in text and
          "Remit could not compare this policy" in st.get("gate", (0, ""))[1],
          "GitHub, a policy broken: the comment compares the others and says it could not compare it "
          "(the check fails the job); the gate fails")

    st = github("nothing", no_remit)
    rcs = [st.get(k, (None,))[0] for k in ("base", "comment", "gate")]
    S.say(rcs == [0, 0, 0] and posted() == (None, None) and not os.path.exists(log + ".remit"),
          "GitHub, no policy changed: nothing is posted and Remit is not run (exits %s)" % rcs)

    res = run_github(gh, clone, env, event="push")
    S.say(not any(".remit-base" in n or "widens" in n or "Comment" in n for n, _, _, _ in res),
          "GitHub, a push to main: the diff steps do not run")

    # ---- GitLab: the job's diff commands, as in a merge request; main has
    # moved on since the request's diff base (the widened scheme merged), so
    # comparing with main's head instead would show no change
    with open(os.path.join(work, "policies", "icb-scheme.remit"), "w", encoding="utf-8") as f:
        f.write(widened)
    git(["commit", "-q", "-am", "main moves on"], work, env)
    git(["push", "-q", "file://" + origin, "main"], work, env)
    git(["fetch", "-q", "origin"], clone, env)  # origin/main is main's head, as a runner would see it
    mr = dict(CI_PIPELINE_SOURCE="merge_request_event", CI_MERGE_REQUEST_IID="7", CI_PROJECT_ID="99",
              CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_MERGE_REQUEST_DIFF_BASE_SHA=base_sha,
              CI_API_V4_URL="https://gitlab.invalid/api/v4", REMIT_COMMENT_TOKEN="stub-token")
    url = "https://gitlab.invalid/api/v4/projects/99/merge_requests/7/notes"

    def diff_cmds(gate=True):
        return lambda c: (c.strip() in ("failed=0",) or c.startswith('test "$failed"') or
                          ("CI_MERGE_REQUEST_IID" in c and (gate or "--fail-on widened" not in c)))

    def gitlab(name, e, gate=True, request=mr):
        checkout(name)
        res = run_gitlab(gl, clone, dict(e, **request), diff_cmds(gate))
        return res[0][1:] if res else (None, "", "")

    rc, out, err = gitlab("widen", env)
    args, text = posted()
    S.say(rc == 1 and "this change widens authority" in out and args is not None and
          "PRIVATE-TOKEN: stub-token" in args and url in args,
          "GitLab, policies widened: the comment is posted to the merge request's notes, and the "
          "--fail-on widened gate fails the job (exit %s)%s" % (rc, "" if rc == 1 else ": " + err[:300]))
    real_comment("GitLab, policies widened (against the request's diff base, not main's head)", text,
                 ["icb-scheme.remit", SPACED], True)
    rc, out, err = gitlab("widen", env, gate=False)
    S.say(rc == 0 and posted()[1] is not None,
          "GitLab, policies widened, the gate deleted: the job passes, the comment posted (exit %s)%s"
          % (rc, "" if rc == 0 else ": " + err[:300]))
    rc, out, err = gitlab("narrow", env)
    S.say(rc == 0, "GitLab, policies narrowed: the job passes, the gate too (exit %s)%s"
          % (rc, "" if rc == 0 else ": " + (out + err)[-300:]))
    real_comment("GitLab, policies narrowed", posted()[1], ["icb-scheme.remit", SPACED], False)
    rc, out, err = gitlab("nothing", no_remit)
    S.say(rc == 0 and posted() == (None, None) and not os.path.exists(log + ".remit"),
          "GitLab, no policy changed: nothing is posted and Remit is not run (exit %s)" % rc)
    rc, out, err = gitlab("narrow", env, request=dict(mr, REMIT_COMMENT_TOKEN=""))
    S.say(rc == 0 and posted() == (None, None) and "REMIT_COMMENT_TOKEN is not set" in out and
          "### Remit: what changes from" in out,
          "GitLab, no REMIT_COMMENT_TOKEN: the job passes, nothing posted, the comment printed in the log")
    rc, out, err = gitlab("widen", no_remit, request={})
    S.say(rc == 0 and posted() == (None, None) and not os.path.exists(log + ".remit"),
          "GitLab, not a merge request (a push to main): the diff commands do nothing")


# ---- the pre-commit hook ---------------------------------------------------

def exercise_hook(remit, tmp, genv):
    repo = os.path.join(tmp, "hooked")
    os.makedirs(repo)
    env = dict(genv, REMIT=remit)
    git(["init", "-q", "-b", "main", repo], tmp, env)
    for k, v in (("user.name", "Board Secretary"), ("user.email", "secretary@example.org"),
                 ("commit.gpgsign", "false")):
        git(["config", k, v], repo, env)
    hook = os.path.join(repo, ".git", "hooks", "pre-commit")
    shutil.copy(HOOK, hook)
    os.chmod(hook, os.stat(hook).st_mode | stat.S_IXUSR)
    pol = make_repo(repo)
    good = read("examples/icb-scheme.remit")

    def commit(msg, e=env, extra=()):
        before = git(["rev-list", "--all", "--count"], repo, e).strip() if os.path.exists(
            os.path.join(repo, ".git", "refs", "heads", "main")) else "0"
        t = time.time()
        rc, out, err = run(["git", "commit", "-q", "-m", msg] + list(extra), repo, e)
        after = git(["rev-list", "--all", "--count"], repo, e).strip() if rc == 0 else before
        return rc, out + err, after != before, time.time() - t

    def write(rel, text):
        with open(os.path.join(repo, rel), "w", encoding="utf-8") as f:
            f.write(text)

    git(["add", "-A"], repo, env)
    rc, out, made, _ = commit("the scheme")
    S.say(rc == 0 and made and "ok (1 policy checked, 1 test file run)" in out,
          "hook: a good policy and its tests are committed (exit %s)%s" % (rc, "" if rc == 0 else ": " + out[:300]))

    write("policies/icb-scheme.remit", good + BROKEN_LINE)
    git(["add", "policies/icb-scheme.remit"], repo, env)
    rc, out, made, _ = commit("broken")
    S.say(rc != 0 and not made and "policies/icb-scheme.remit:" in out and "R0201" in out,
          "hook: a broken policy staged is refused, the message naming the file and the error")

    write("policies/icb-scheme.remit", good)  # fixed in the working tree, not staged
    rc, out, made, _ = commit("fixed but not staged")
    S.say(rc != 0 and not made and "policies/icb-scheme.remit:" in out,
          "hook: a broken policy staged is refused though the working tree's copy is fixed")

    git(["add", "policies/icb-scheme.remit"], repo, env)  # the good copy staged: nothing to commit
    write("policies/icb-scheme.remit", good + "\n# a comment\n")
    git(["add", "policies/icb-scheme.remit"], repo, env)  # a good change staged
    write("policies/icb-scheme.remit", good + BROKEN_LINE)  # and broken in the working tree only
    rc, out, made, _ = commit("a comment, the policy broken but unstaged")
    S.say(rc == 0 and made and "ok (1 policy checked" in out,
          "hook: a good policy staged is committed though the working tree's copy is broken")
    rc, out, made, _ = commit("commit -a of the broken policy", extra=["-a"])
    S.say(rc != 0 and not made and "policies/icb-scheme.remit:" in out,
          "hook: `git commit -a` of a broken policy is refused (the hook reads the index commit -a makes)")
    write("policies/icb-scheme.remit", good)
    git(["add", "policies/icb-scheme.remit"], repo, env)
    rc, out, made, _ = commit("the comment taken out")
    S.say(rc == 0 and made, "hook: the policy fixed and staged is committed")

    # a policy that checks but is not laid out as remit fmt lays it out
    messy = good.replace("delegate spend from board to ceo", "delegate spend from board to  ceo", 1)
    S.say(messy != good, "hook: the example has the line the layout test changes")
    write("policies/icb-scheme.remit", messy)
    git(["add", "policies/icb-scheme.remit"], repo, env)
    rc, out, made, _ = commit("not laid out")
    S.say(rc != 0 and not made and "policies/icb-scheme.remit: not laid out" in out and "remit fmt --write" in out,
          "hook: a policy not laid out is refused, saying how to lay it out")
    write("policies/icb-scheme.remit", good)
    git(["add", "policies/icb-scheme.remit"], repo, env)

    # names with spaces: a policy and its test file
    test = read("examples/icb-scheme.test.yaml").replace("policy: icb-scheme.remit", 'policy: "north east.remit"')
    write("policies/north east.remit", good)
    write("policies/north east.test.yaml", test)
    git(["add", "policies/north east.remit", "policies/north east.test.yaml"], repo, env)
    rc, out, made, _ = commit("north east")
    S.say(rc == 0 and made and "ok (1 policy checked, 2 test files run)" in out,
          "hook: a policy and a test file with spaces in their names are checked and committed%s"
          % ("" if rc == 0 else ": " + out[:300]))
    write("policies/north east.remit", good + BROKEN_LINE)
    git(["add", "policies/north east.remit"], repo, env)
    rc, out, made, _ = commit("north east broken")
    S.say(rc != 0 and not made and "policies/north east.remit:" in out,
          "hook: a broken policy with a space in its name is refused, naming it")
    write("policies/north east.remit", good)
    git(["add", "policies/north east.remit"], repo, env)

    # a test that fails
    write("policies/north east.test.yaml", test.replace("expect: permitted", "expect: refused", 1))
    git(["add", "policies/north east.test.yaml"], repo, env)
    rc, out, made, _ = commit("a wrong test")
    S.say(rc != 0 and not made and "FAIL" in out and "policies/north east.test.yaml" in out and "  PASS  " not in out,
          "hook: a failing test staged is refused, the failure shown (and not the tests that passed)")
    write("policies/north east.test.yaml", test)
    git(["add", "policies/north east.test.yaml"], repo, env)

    # no policy changed: Remit is not run at all
    nowhere = dict(env, REMIT=os.path.join(tmp, "no-such-dir", "remit"))
    write("minutes.txt", "minutes of the Board\n")
    git(["add", "minutes.txt"], repo, nowhere)
    rc, out, made, secs = commit("minutes", nowhere)
    S.say(rc == 0 and made and secs < 2, "hook: a commit of no policy goes through without Remit (%.2f s)" % secs)
    git(["rm", "-q", "policies/north east.test.yaml"], repo, nowhere)
    rc, out, made, _ = commit("a test file removed", nowhere)
    S.say(rc == 0 and made, "hook: a commit that only removes a test file goes through without Remit")
    write("policies/icb-scheme.remit", good + "\n# again\n")
    git(["add", "policies/icb-scheme.remit"], repo, nowhere)
    rc, out, made, _ = commit("remit missing", nowhere)
    S.say(rc != 0 and not made and "cannot run" in out,
          "hook: with a policy staged and no Remit to run, the commit is refused, saying so")
    rel = dict(env, REMIT=os.path.relpath(remit, repo))
    rc, out, made, _ = commit("REMIT a relative path", rel)
    S.say(rc == 0 and made, "hook: REMIT may be a path relative to the repository")

    write('policies/odd"name.remit', good)
    git(["add", 'policies/odd"name.remit'], repo, env)
    rc, out, made, _ = commit("odd name")
    S.say(rc != 0 and not made and "rename" in out, "hook: a name git must quote is refused, saying to rename it")
    git(["rm", "-q", "--cached", 'policies/odd"name.remit'], repo, env)
    os.remove(os.path.join(repo, 'policies/odd"name.remit'))

    # installed through core.hooksPath instead
    os.remove(hook)
    os.makedirs(os.path.join(repo, ".githooks"))
    shutil.copy(HOOK, os.path.join(repo, ".githooks", "pre-commit"))
    git(["config", "core.hooksPath", ".githooks"], repo, env)
    write("policies/icb-scheme.remit", good + BROKEN_LINE)
    git(["add", "policies/icb-scheme.remit"], repo, env)
    rc, out, made, _ = commit("through core.hooksPath")
    S.say(rc != 0 and not made and "policies/icb-scheme.remit:" in out,
          "hook: installed through core.hooksPath, it refuses a broken policy too")

    left = [n for n in os.listdir(tempfile.gettempdir()) if n.startswith("remit-pre-commit.")
            and os.path.getmtime(os.path.join(tempfile.gettempdir(), n)) >= START]
    S.say(not left, "hook: leaves no temporary folder behind")
    sc = shutil.which("shellcheck")
    if sc:
        rc, out, err = run([sc, "-s", "sh", HOOK], ROOT, env)
        S.say(rc == 0, "hook: shellcheck -s sh finds nothing%s" % ("" if rc == 0 else ":\n" + out))
    else:
        print("note: shellcheck not installed: the hook's POSIX sh is not linted")


START = time.time()


DOC_TEXT = read(DOC)


def main():
    if len(sys.argv) != 2:
        print("usage: python3 tests/ci_recipes.py path/to/remit", file=sys.stderr)
        return 2
    remit = os.path.abspath(sys.argv[1])
    gh_text, gl_text, doc = read(GITHUB), read(GITLAB), read(DOC)
    gh, gl = static_checks(gh_text, gl_text, doc)
    tmp = tempfile.mkdtemp(prefix="remit-ci-recipes.")
    # git as a fresh user would have it: no global or system settings
    genv = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
                GIT_AUTHOR_NAME="Board Secretary", GIT_AUTHOR_EMAIL="secretary@example.org",
                GIT_COMMITTER_NAME="Board Secretary", GIT_COMMITTER_EMAIL="secretary@example.org")
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "REMIT", "REMIT_STDLIB"):
        genv.pop(k, None)
    try:
        exercise_recipes(gh, gl, remit, tmp)
        exercise_diff(gh, gl, remit, tmp, genv)
        exercise_hook(remit, tmp, genv)
    except (RuntimeError, OSError, subprocess.TimeoutExpired, StopIteration, KeyError) as e:
        S.say(False, "could not run to the end: %s: %s" % (type(e).__name__, e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
