#!/usr/bin/env python3
"""tests/schemas.py REMIT - the JSON Schemas of schemas/ describe what
Remit really writes for machines: remit.outcome/2 (`remit eval --format
json`, with `--why-not`), one batch record (`remit eval --batch`),
remit.who/1 (`remit who --format json`) and remit.policy/1 (`remit check
--emit json`).  Each schema is first checked as a draft 2020-12 schema;
then every JSON document of the golden outputs tests/eval/*.out (but the
remit.diagnostics/1 ones, whose schema tests/findings.py checks), and
what REMIT writes now for every example decision (with and without its
register and calendar, and with each history of its folder), for every
golden decision of tests/eval with --why-not, for each example policy and
export golden, and for batches built from the example decisions (a bad
line among them), is validated against its schema.  Last, each schema
must reject a real document broken on purpose, so that the validation
cannot pass vacuously.  Needs the jsonschema package (Debian
python3-jsonschema) and PyYAML (python3-yaml), which turns the example
decisions into batch lines.  Prints PASS/FAIL lines like the other suites."""
import concurrent.futures
import copy
import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile

import jsonschema

from suite import ROOT, Suite, validator

S = Suite("schemas")
say = S.say
SCHEMAS = {  # the schema member (or "batch record") -> the file that describes it
    "remit.outcome/2": "schemas/remit.outcome-2.schema.json",
    "batch record": "schemas/remit.batch-record-1.schema.json",
    "remit.who/1": "schemas/remit.who-1.schema.json",
    "remit.policy/1": "schemas/remit.policy-1.schema.json",
}
# the examples: examples/NAME.remit and the folder of its decisions (the
# files directly in it); its register and calendar, when it has them, are
# examples/registers/NAME.yaml and examples/calendars/NAME.yaml
EXAMPLES = [
    ("icb-scheme", "examples/decisions"),
    ("major-incident", "examples/decisions/major-incident"),
    ("neighbourhood-team", "examples/decisions/neighbourhood-team"),
    ("place-partnership", "examples/decisions/place-partnership"),
    ("provider-collaborative", "examples/decisions/provider-collaborative"),
]

def rel(path):
    return os.path.relpath(path, ROOT)


def run(argv):
    """(exit code, standard output) of argv, run in ROOT."""
    try:
        p = subprocess.run(argv, cwd=ROOT, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return 127, "cannot run %s: %s\n" % (" ".join(argv), e)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def run_all(argvs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as ex:
        return list(ex.map(run, argvs))


# ---------------------------------------------------------------- schemas


def load_schemas():
    """{file: schema} of every schema in schemas/: ours, and the others
    (remit.diagnostics/1) that ours name by $ref."""
    store = {}
    ours = set(SCHEMAS.values())
    for path in sorted(glob.glob(os.path.join(ROOT, "schemas", "*.schema.json"))):
        try:
            with open(path, encoding="utf-8") as f:
                store[rel(path)] = json.load(f)
        except ValueError as e:
            if rel(path) in ours:  # another suite's schema is that suite's to check
                say(False, "%s is not JSON: %s" % (rel(path), e))
    return store


def first_error(v, doc):
    """None when doc is valid, else the most telling error in words."""
    errors = list(v.iter_errors(doc))
    if not errors:
        return None
    e = jsonschema.exceptions.best_match(errors)
    where = "/".join(str(p) for p in e.absolute_path) or "(the document)"
    msg = e.message if len(e.message) <= 300 else e.message[:300] + "..."
    return "at %s: %s" % (where, msg)


# ------------------------------------------------------------- documents


class Docs:
    """The documents validated, by schema, and what each came from."""

    def __init__(self, validators):
        self.v = validators
        self.count = {k: 0 for k in validators}

    def check(self, what, docs):
        """Validate each (source, document) of docs; one PASS line for them
        all, or a FAIL line a bad document."""
        by_schema = {}
        bad = 0
        for source, doc in docs:
            key = kind_of(doc)
            if isinstance(doc, dict) and list(doc) == ["not JSON"]:
                say(False, "%s: not JSON: %s" % (source, doc["not JSON"]))
                bad += 1
                continue
            if key is None:
                say(False, "%s: a JSON document of no known schema: %.200s" % (source, json.dumps(doc)))
                bad += 1
                continue
            if key not in self.v:
                continue
            err = first_error(self.v[key], doc)
            self.count[key] += 1
            by_schema[key] = by_schema.get(key, 0) + 1
            if err:
                bad += 1
                say(False, "%s is not %s: %s" % (source, key, err))
        if not by_schema and not bad:
            say(False, "%s: no document to validate" % what)
        elif not bad:
            say(True, "%s: %s" % (what, ", ".join("%d %s" % (n, k) for k, n in sorted(by_schema.items()))))


def kind_of(doc):
    if not isinstance(doc, dict):
        return None
    if "schema" in doc:
        return doc["schema"] if isinstance(doc["schema"], str) else None
    if "line" in doc:
        return "batch record"
    return None


class Duplicate(ValueError):
    pass


def no_duplicates(pairs):
    """An object's members, refusing one given twice (which json would
    quietly read as the last, and a schema never see)."""
    d = {}
    for k, v in pairs:
        if k in d:
            raise Duplicate("the member %r is given twice" % k)
        d[k] = v
    return d


def parse(text):
    return json.loads(text, object_pairs_hook=no_duplicates)


def json_lines(text, source):
    """(source:N, document) for each line of text that starts with '{'."""
    out = []
    for n, line in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 is in a line
        if line.startswith("{"):
            try:
                out.append(("%s:%d" % (source, n), parse(line)))
            except ValueError as e:
                out.append(("%s:%d" % (source, n), {"not JSON": str(e)}))
    return out


def header(path, key):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith("#"):
                break
            if line.startswith("# %s:" % key):
                return line.split(":", 1)[1].strip()
    return None


def is_history(path):
    """A history of decisions (a YAML list), not a decision."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith("#"):
                return s.startswith("- ") or s == "-" or s.startswith("[")
    return False


def example_runs(remit):
    """(source, argv) of every run on the example decisions."""
    runs = []
    for name, folder in EXAMPLES:
        policy = "examples/%s.remit" % name
        reg = "examples/registers/%s.yaml" % name
        cal = "examples/calendars/%s.yaml" % name
        files = sorted(glob.glob(os.path.join(ROOT, folder, "*.yaml")))
        decisions = [rel(f) for f in files if not is_history(f)]
        histories = [rel(f) for f in files if is_history(f)]
        worlds = [[]]
        if os.path.exists(os.path.join(ROOT, reg)):
            w = ["--register", reg]
            if os.path.exists(os.path.join(ROOT, cal)):
                w += ["--calendar", cal]
            worlds.append(w)
        worlds += [["--history", h] for h in histories]
        for d in decisions:
            for w in worlds:
                for cmd in (["eval", "--format", "json"], ["eval", "--why-not", "--format", "json"],
                            ["who", "--format", "json"]):
                    argv = [remit] + cmd[:1] + w + cmd[1:] + [policy, d]
                    runs.append((" ".join(["remit"] + argv[1:]), argv))
    return runs


def golden_runs(remit):
    """(source, argv) of every golden decision of tests/eval re-run with
    --why-not --format json (those of `remit eval` that read one
    decision)."""
    runs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "eval", "*.yaml"))):
        policy = header(path, "policy")
        args = shlex.split(header(path, "args") or "")
        if not policy or header(path, "command") or "--batch" in args:
            continue
        keep = []
        skip = False
        for a in args:
            if skip:
                skip = False
            elif a == "--format":
                skip = True
            elif a != "--why-not":
                keep.append(a)
        argv = [remit, "eval", "--why-not", "--format", "json"] + keep + [policy, rel(path)]
        runs.append((" ".join(["remit"] + argv[1:]), argv))
    return runs


def goldens():
    """The JSON documents of tests/eval/*.out."""
    docs = []
    for out in sorted(glob.glob(os.path.join(ROOT, "tests", "eval", "*.out"))):
        with open(out, encoding="utf-8") as f:
            docs += json_lines(f.read(), rel(out))
    return docs


# ------------------------------------------------------------------ batch


def decision_lines(folder):
    """One JSON line for each example decision in folder (read with
    PyYAML, Debian python3-yaml)."""
    import yaml

    def plain(x):
        if isinstance(x, dict):
            return {str(k): plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(v) for v in x]
        if hasattr(x, "isoformat"):
            return x.isoformat()
        return x

    lines = []
    for path in sorted(glob.glob(os.path.join(ROOT, folder, "*.yaml"))):
        if is_history(path):
            continue
        with open(path, encoding="utf-8") as f:
            d = yaml.safe_load(f)
        if isinstance(d, dict):
            lines.append(json.dumps(plain(d), ensure_ascii=False))
    return lines


def batches(remit, tmp):
    """(source, argv, lines) of each batch run: every example's decisions,
    one a line, and for the ICB scheme a blank line, a line of YAML in flow
    style, and two bad lines (a score out of range, and JSON cut short)."""
    out = []
    for name, folder in EXAMPLES:
        lines = decision_lines(folder)
        if name == "icb-scheme":
            bad = dict(json.loads(lines[0]))
            bad["fields"] = dict(bad.get("fields", {}), risk=30)
            lines = lines + ["", json.dumps(bad, ensure_ascii=False),
                             "{matter: spend, decider: ceo, date: 2026-11-20, fields: {amount: \"£1,000\", "
                             "category: revenue, risk: 3, supplier: \"Acme Health Ltd\"}, "
                             "context: {incident_level: 0}}",
                             '{"matter": "spend", "decider": ']
        if not lines:
            continue
        path = os.path.join(tmp, name + ".jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        policy = "examples/%s.remit" % name
        reg = "examples/registers/%s.yaml" % name
        for w in ([], ["--register", reg]):
            argv = [remit, "eval"] + w + [policy, "--batch", path]
            out.append((" ".join(["remit", "eval"] + w + [policy, "--batch", name + ".jsonl"]), argv, lines))
    return out


def check_batch(source, rc, stdout, lines, batch):
    """What SPEC 7.12 says of a batch beyond each record's shape: one
    record a line that is not blank, in order, N its line number; an
    error record's positions name the batch (batch, its path as given)
    at line N, and end there; exit 6 when a line was an input error, else
    0."""
    want = [n for n, l in enumerate(lines, 1) if l.strip(" \t")]
    got = []
    errors = 0
    faults = []
    for r in stdout.split("\n")[:-1]:
        try:
            d = json.loads(r)
        except ValueError:
            faults.append("a record that is not JSON: %.100s" % r)
            continue
        got.append(d.get("line"))
        if "error" in d:
            errors += 1
            for g in d["error"].get("diagnostics", []):
                if "file" in g and (g["file"], g["line"], g["end_line"]) != (batch, d.get("line"), d.get("line")):
                    faults.append("the error of line %s is at %r:%s" % (d.get("line"), g["file"], g["line"]))
    if got != want:
        faults.append("records for lines %s, wanted %s" % (got, want))
    if rc != (6 if errors else 0):
        faults.append("exit %d with %d error records" % (rc, errors))
    say(not faults, "%s: one record a line, in order%s" % (source, ": " + "; ".join(faults) if faults else ""))


# -------------------------------------------------------------- negatives


def first(docs, key, pred=lambda d: True):
    for _, d in docs:
        if kind_of(d) == key and pred(d):
            return copy.deepcopy(d)
    return None


def negatives(v, seen):
    """Each schema rejects a real document broken on purpose (and accepts
    a change of a kind it does not know, as SPEC 7.17 asks)."""
    cases = []  # (schema, what, document or None, should be valid)

    def case(key, what, doc, mutate, valid=False):
        if doc is None:
            cases.append((key, what, None, valid))
            return
        doc = copy.deepcopy(doc)
        try:
            mutate(doc)
        except (KeyError, IndexError, StopIteration, TypeError, AttributeError):
            doc = None  # no part of the document to break that way
        cases.append((key, what, doc, valid))

    out = first(seen, "remit.outcome/2", lambda d: d["outcome"] == "permitted" and d["obligations"])
    case("remit.outcome/2", "without its required member 'reasons'", out, lambda d: d.pop("reasons"))
    case("remit.outcome/2", "with a member SPEC does not list", out,
         lambda d: d.update(score=1))
    case("remit.outcome/2", "with outcome 'maybe'", out, lambda d: d.update(outcome="maybe"))
    case("remit.outcome/2", "permitted without its chain", out, lambda d: d.pop("chain"))
    case("remit.outcome/2", "with an obligation due '20/12/2026'", out,
         lambda d: d["obligations"][0].update(due="20/12/2026"))
    case("remit.outcome/2", "with an obligation's line as a string", out,
         lambda d: d["obligations"][0].update(line="48"))
    case("remit.outcome/2", "with an obligation due '2026-02-30' (no such day)", out,
         lambda d: d["obligations"][0].update(due="2026-02-30"))
    case("remit.outcome/2", "permitted with a reason only a refusal gives ('signatures')", out,
         lambda d: d["reasons"].append({"kind": "signatures", "message": "it must also be signed",
                                        "rule": d["chain"][-1]["rule"]}))
    case("remit.outcome/2", "whose decider is a title, not a name", out,
         lambda d: d.update(decider="Chief Executive"))
    case("remit.outcome/2", "with an accountable holder of null outside a crisis grant", out,
         lambda d: d.update(accountable=None))
    esc = first(seen, "remit.outcome/2", lambda d: d["outcome"] == "escalate" and d["reasons"])
    case("remit.outcome/2", "escalate without escalate_to", esc, lambda d: d.pop("escalate_to"))
    case("remit.outcome/2", "with a reason of an unknown kind", esc,
         lambda d: d["reasons"][0].update(kind="bad_luck"))
    case("remit.outcome/2", "with a reason's rule without its line", esc,
         lambda d: d["reasons"][0]["rule"].pop("line"))
    why = first(seen, "remit.outcome/2", lambda d: any(c["change"] == "field" for c in d.get("permitted_if", [])))

    def field_change(d):
        return next(c for c in d["permitted_if"] if c["change"] == "field")

    case("remit.outcome/2", "with a field change without 'was'", why, lambda d: field_change(d).pop("was"))
    case("remit.outcome/2", "with a field change with a member of another kind", why,
         lambda d: field_change(d).update(decider="ceo"))
    case("remit.outcome/2", "with a 'no_authority' reason that names a rule", esc,
         lambda d: d["reasons"].append({"kind": "no_authority", "message": "no authority",
                                        "rule": d["reasons"][0]["rule"]}))
    case("remit.outcome/2", "with two changes together of one part only", why,
         lambda d: d["permitted_if"].append({"change": "together", "changes": [field_change(d)],
                                             "message": field_change(d)["message"]}))
    case("remit.outcome/2", "with why_none beside changes", why,
         lambda d: d.update(why_none="nothing"))
    case("remit.outcome/2", "with a change of a kind it does not know (it must pass over it)",
         why,
         lambda d: d["permitted_if"].append({"change": "wait_a_year", "message": "if it waited", "years": 1}),
         valid=True)

    rec = first(seen, "batch record", lambda d: "result" in d)
    case("batch record", "without its line", rec, lambda d: d.pop("line"))
    case("batch record", "with line 0", rec, lambda d: d.update(line=0))
    case("batch record", "with a member SPEC does not list", rec, lambda d: d.update(schema="remit.batch/1"))
    case("batch record", "whose result is not remit.outcome/2 (no outcome)", rec,
         lambda d: d["result"].pop("outcome"))
    case("batch record", "whose result has permitted_if (not with --batch)", rec,
         lambda d: d["result"].update(permitted_if=[]))
    erec = first(seen, "batch record", lambda d: "error" in d)
    case("batch record", "with both a result and an error", rec,
         lambda d: d.update(error=copy.deepcopy(erec["error"])))
    case("batch record", "whose error names no file", erec,
         lambda d: d["error"]["diagnostics"][0].update(file=""))
    case("batch record", "whose error counts no error", erec, lambda d: d["error"].update(errors=0))

    who = first(seen, "remit.who/1", lambda d: d["holders"])
    case("remit.who/1", "without 'considered'", who, lambda d: d.pop("considered"))
    case("remit.who/1", "with a member SPEC does not list", who, lambda d: d.update(total=3))
    case("remit.who/1", "with considered as a string", who,
         lambda d: d.update(considered=str(d["considered"])))
    case("remit.who/1", "with a holder's outcome that is not permitted", who,
         lambda d: d["holders"][0]["outcome"].update(outcome="refused"))
    case("remit.who/1", "with a holder's outcome without its schema", who,
         lambda d: d["holders"][0]["outcome"].pop("schema"))

    pol = first(seen, "remit.policy/1", lambda d: any(r["kind"] == "refuse" for r in d["rules"])
                and any(r["kind"] == "delegate" for r in d["rules"]))

    def rule(d, kind):
        return next(r for r in d["rules"] if r["kind"] == kind)

    case("remit.policy/1", "without 'rules'", pol, lambda d: d.pop("rules"))
    case("remit.policy/1", "with a member SPEC does not list", pol,
         lambda d: d.update(author="someone"))
    case("remit.policy/1", "with a refuse that has a 'to'", pol,
         lambda d: rule(d, "refuse").update(to="board"))
    case("remit.policy/1", "with a delegate without 'may_subdelegate'", pol,
         lambda d: rule(d, "delegate").pop("may_subdelegate"))
    case("remit.policy/1", "with up_to in pounds as text", pol,
         lambda d: rule(d, "delegate").update(up_to="£5m"))
    case("remit.policy/1", "with a comparison '=>' in a rule's condition", pol,
         lambda d: next(r for r in d["rules"] if r["when"] and r["when"]["op"] == "cmp")["when"].update(cmp="=>"))
    case("remit.policy/1", "with a condition of type money", pol,
         lambda d: next(r for r in d["rules"] if r["when"])["when"].update(type="money"))
    case("remit.policy/1", "with financial_year_starts '04-31'", pol,
         lambda d: d.update(financial_year_starts="04-31"))
    case("remit.policy/1", "with a holder that is neither role nor body", pol,
         lambda d: d["holders"][0].update(**{"is": "person"}))

    for key, what, doc, valid in cases:
        if doc is None:
            say(False, "%s: no real document to break (%s)" % (key, what))
            continue
        err = first_error(v[key], doc)
        if valid:
            say(err is None, "%s accepts a real document %s%s" % (SCHEMAS[key], what, "" if err is None else ": " + err))
        else:
            say(err is not None, "%s rejects a real document %s" % (SCHEMAS[key], what))


# ------------------------------------------------------------------- main


def main():
    if len(sys.argv) != 2:
        print("usage: tests/schemas.py REMIT", file=sys.stderr)
        return 2
    remit = os.path.abspath(sys.argv[1])

    store = load_schemas()
    validators = {}
    for key, path in SCHEMAS.items():
        schema = store.get(path)
        if schema is None:
            say(False, "%s: missing" % path)
            continue
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            say(False, "%s is not a valid draft 2020-12 schema: %s" % (path, e.message))
            continue
        ok = (schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema" and
              str(schema.get("$id", "")).endswith("/" + os.path.basename(path)))
        say(ok, "%s is a draft 2020-12 schema whose $id ends with its file name" % path)
        validators[key] = validator(schema, {x["$id"]: x for x in store.values() if "$id" in x})
    if len(validators) != len(SCHEMAS):
        return 1
    docs = Docs(validators)
    seen = []

    # the golden outputs
    g = goldens()
    seen += g
    skipped = sum(1 for _, d in g if kind_of(d) == "remit.diagnostics/1")
    docs.check("the JSON documents of tests/eval/*.out (%d remit.diagnostics/1 left to tests/findings.py)" % skipped,
               g)

    # the example decisions, now
    runs = example_runs(remit)
    results = run_all([a for _, a in runs])
    got = []
    answered = {}  # decision -> whether some run of it gave an outcome
    input_errors = 0
    for (source, argv), (rc, out) in zip(runs, results):
        lines = json_lines(out, source)
        kind = kind_of(lines[0][1]) if len(lines) == 1 else None
        answered.setdefault(argv[-1], False)
        if len(lines) != 1 or out.count("\n") != 1:
            say(False, "%s: exit %d, %d lines of JSON, wanted one" % (source, rc, len(lines)))
        elif kind == "remit.diagnostics/1":
            # an input error in this world (a person the register does not
            # give, or gives to several): tests/findings.py has its schema
            input_errors += 1
            if rc != 6:
                say(False, "%s: an input error, exit %d, wanted 6" % (source, rc))
        elif rc not in (0, 3, 4, 5):
            say(False, "%s: exit %d: %.200s" % (source, rc, out))
        else:
            answered[argv[-1]] = True
        got += [(source, d) for _, d in lines if kind_of(d) != "remit.diagnostics/1"]
    seen += got
    never = sorted(d for d, ok in answered.items() if not ok)
    say(not never, "every example decision has an outcome in some world (%d input errors left to "
        "tests/findings.py)%s" % (input_errors, ": not " + ", ".join(never) if never else ""))
    docs.check("%d runs of remit eval --format json, eval --why-not --format json and who --format json "
               "on the example decisions (bare, with register and calendar, with each history)" % len(runs), got)

    # every golden decision, with --why-not
    runs = golden_runs(remit)
    results = run_all([a for _, a in runs])
    got = []
    for (source, _), (rc, out) in zip(runs, results):
        got += [(source, d) for _, d in json_lines(out, source) if kind_of(d) != "remit.diagnostics/1"]
    seen += got
    docs.check("%d golden decisions of tests/eval re-run with --why-not --format json" % len(runs), got)

    # the policies exported
    policies = sorted(glob.glob(os.path.join(ROOT, "examples", "*.remit")) +
                      glob.glob(os.path.join(ROOT, "tests", "export", "*.remit")) +
                      glob.glob(os.path.join(ROOT, "stdlib-policies", "*", "*.remit")))
    results = run_all([[remit, "check", "--emit", "json", rel(p)] for p in policies])
    got = []
    for p, (rc, out) in zip(policies, results):
        source = "remit check --emit json " + rel(p)
        try:
            got.append((source, parse(out)))
        except ValueError as e:
            say(False, "%s: exit %d, not one JSON document: %s" % (source, rc, e))
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "export", "*.json"))):
        with open(path, encoding="utf-8") as f:
            got.append((rel(path), parse(f.read())))
    seen += got
    docs.check("remit check --emit json on %d policies (examples, tests/export, stdlib-policies) and the "
               "export goldens" % len(policies), got)

    # batches
    with tempfile.TemporaryDirectory(prefix="remit-schemas.") as tmp:
        bs = batches(remit, tmp)
        results = run_all([a for _, a, _ in bs])
    got = []
    for (source, argv, lines), (rc, out) in zip(bs, results):
        check_batch(source, rc, out, lines, argv[-1])
        got += json_lines(out, source)
    seen += got
    if not any("error" in d for _, d in got):
        say(False, "the batches gave no error record to validate")
    docs.check("%d batch runs of the example decisions (error records included)" % len(bs), got)

    negatives(validators, seen)

    total = sum(docs.count.values())
    print("schemas: %d documents validated against %d schemas (%s)" %
          (total, len(validators), ", ".join("%d %s" % (docs.count[k], k) for k in SCHEMAS)))
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
