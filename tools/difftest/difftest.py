#!/usr/bin/env python3
"""Differential testing of `remit eval` against the reference evaluator.

    python3 tools/difftest/difftest.py --seed S --schemes K --decisions-per-scheme D
        [--remit build/remit] [--out DIR] [--jobs J] [--c-only]

For each of K schemes (tools/difftest/gen.py, seeds derived from S) this
writes the policy, D decisions, a history and a register; asks
`remit check --emit json` for the policy export (SPEC 11.9); evaluates the
decisions with one `remit eval --batch` process; evaluates them again with
the reference evaluator (tools/reference/remit_ref.py, imported); and
compares the two per decision (see compare()).  Each disagreement is
minimised and written to DIR (default build/difftest/), one folder per
signature.  The last line printed is

    difftest: N decisions compared over K schemes, M disagreements

and the exit status is 1 when M > 0, 2 when the comparison could not be
made (the export or the reference missing), 0 otherwise.  --c-only runs
the C side alone (to exercise the generator) and prints outcome counts.

Python 3 standard library only.
"""
import argparse
import collections
import concurrent.futures
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

DEFAULT_REF = os.path.join(ROOT, "tools", "reference", "remit_ref.py")
POLICY = "policy.remit"


class Unavailable(Exception):
    """The export or the reference evaluator cannot be had."""


# ---------------------------------------------------------------- the two sides

def load_reference(path):
    if not os.path.isfile(path):
        raise Unavailable("the reference evaluator %s does not exist yet" % os.path.relpath(path, ROOT))
    sys.dont_write_bytecode = True   # leave no __pycache__ beside the reference
    spec = importlib.util.spec_from_file_location("remit_ref_under_test", path)
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except Exception as e:  # a reference that does not import is unavailable
        raise Unavailable("the reference evaluator %s does not import: %s" % (path, e))
    if not hasattr(mod, "evaluate"):
        raise Unavailable("the reference evaluator %s has no evaluate()" % path)
    return mod


def get_export(remit, folder, fake=False):
    """The policy export of folder/policy.remit (SPEC 11.9), as a dict.
    Analyses are off, as for `remit eval --no-analyses` (c_batch): most
    random schemes are unsound by the analyses of SPEC 8.2."""
    if fake:  # for the driver's own tests: the reference gets the folder
        with open(os.path.join(folder, POLICY), encoding="utf-8") as f:
            return {"schema": "fake", "folder": folder, "policy": f.read()}
    for args in (["check", "--emit", "json", "--no-analyses", POLICY],
                 ["check", "--emit", "json", POLICY]):
        p = subprocess.run([remit] + args, cwd=folder, capture_output=True, text=True)
        if p.returncode == 0:
            try:
                doc = json.loads(p.stdout)
            except ValueError as e:
                raise Unavailable("`remit check --emit json` printed no JSON (%s)" % e)
            if doc.get("schema") != "remit.policy/1":
                raise Unavailable("`remit check --emit json` printed schema %r" % doc.get("schema"))
            return doc
        if "--emit" in p.stderr and ("unknown option" in p.stderr or "usage" in p.stderr):
            raise Unavailable("`remit check --emit json` is not implemented yet (%s)"
                              % p.stderr.strip().splitlines()[0])
        if p.returncode == 1:
            return None   # the policy has errors: not exported
    raise Unavailable("`remit check --emit json` failed: %s" % p.stderr.strip()[:200])


def c_batch(remit, folder, decisions_file, history, register, calendar=None):
    """Run `remit eval --no-analyses --batch` (random schemes are mostly
    unsound by the analyses, which `remit eval` now runs, SPEC 7); returns {line: record} (record has
    'result' or 'error'), or raises RuntimeError when the batch as a whole
    fails (a bad history or register)."""
    cmd = [remit, "eval", "--no-analyses", POLICY, "--batch", decisions_file]
    if history:
        cmd += ["--history", history]
    if register:
        cmd += ["--register", register]
    if calendar:
        cmd += ["--calendar", calendar]
    p = subprocess.run(cmd, cwd=folder, capture_output=True, text=True)
    if p.returncode not in (0, 6) or (p.returncode == 6 and not p.stdout):
        raise RuntimeError("remit eval --batch exit %d: %s" % (p.returncode, p.stderr.strip()[:300]))
    out = {}
    for line in p.stdout.splitlines():
        rec = json.loads(line)
        out[rec["line"]] = rec
    return out


def c_who(remit, folder, decision, history, register, calendar=None):
    """Run `remit who --no-analyses --format json` on one decision (written
    to who.json in folder); returns the remit.who/1 document, or None when
    the decision is an input error for every holder (exit 6)."""
    with open(os.path.join(folder, "who.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(decision, ensure_ascii=False) + "\n")
    cmd = [remit, "who", "--no-analyses", "--format", "json", POLICY, "who.json"]
    for opt, val in (("--history", history), ("--register", register), ("--calendar", calendar)):
        if val:
            cmd += [opt, val]
    p = subprocess.run(cmd, cwd=folder, capture_output=True, text=True)
    if p.returncode == 6:
        return None
    if p.returncode not in (0, 5):
        raise RuntimeError("remit who exit %d: %s" % (p.returncode, p.stderr.strip()[:300]))
    return json.loads(p.stdout)


def who_problems(ref, export, decision, answer, history, register, calendar):
    """Where `remit who`'s answer and the reference disagree, each holder of
    the export evaluated by the reference as the decider (by role alone,
    the decision's co-signatories kept): a holder is listed with nothing
    added exactly when it is permitted; one listed with co-signatories is
    not permitted without them and is with them; one listed apart
    (unsettled), or every holder when who found the decision malformed, is
    an input error.  Returns (holders weighed, [problem text])."""
    holders = [h["name"] for h in export.get("holders") or []]
    listed = {} if answer is None else {x["holder"]: x["co_signatories_added"] for x in answer["holders"]}
    unsettled = set() if answer is None else {x["holder"] for x in answer["unsettled"]}
    problems = []

    def outcome(h, co=None):
        d = dict(decision)
        d["decider"] = h
        if co:
            d["co_signatories"] = list(decision.get("co_signatories") or []) + co
        rec = ref_eval(ref, export, d, history, register, calendar)
        return "error" if "error" in rec else rec["result"].get("outcome")

    for h in holders:
        got = outcome(h)
        if answer is None:
            if got != "error":
                problems.append("who: the decision is malformed for every holder, but the reference "
                                "evaluates it with %s deciding: %s" % (h, got))
            continue
        if (got == "permitted") != (h in listed and not listed[h]):
            problems.append("who: %s is %s by the reference, but who %s" % (
                h, got, "lists it with %s added" % listed[h] if h in listed and listed[h]
                else "lists it" if h in listed else "lists it as unsettled" if h in unsettled
                else "leaves it out"))
        elif h in unsettled and got != "error":
            problems.append("who: %s is unsettled by who, but the reference evaluates it: %s" % (h, got))
        elif h in listed and listed[h] and outcome(h, listed[h]) != "permitted":
            problems.append("who: %s is listed with %s added, but the reference does not permit it so"
                            % (h, listed[h]))
    return len(holders), problems


class RefTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise RefTimeout("the reference took more than %d s" % REF_TIMEOUT)


REF_TIMEOUT = 20


def ref_eval(ref, export, decision, history, register, calendar=None):
    """The reference's answer as a record: {"result": ...} or {"error": ...}."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(REF_TIMEOUT)
    try:
        # (a calendar only when there is one: a reference written before
        # calendars, as the tests' fakes are, takes four arguments)
        res = ref.evaluate(export, decision, history, register, *([calendar] if calendar is not None else []))
    except Exception as e:  # an input error, or a crash of the reference
        return {"error": "%s: %s" % (type(e).__name__, e)}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    if isinstance(res, dict) and "error" in res and "outcome" not in res:
        return {"error": res["error"]}
    return {"result": res}


# ---------------------------------------------------------------- comparison

def _rule(r):
    return None if not r else (r.get("file"), r.get("line"))


def normalise(rec):
    """What is compared of one record: the error/result split, and for a
    result the fields of SPEC 7.12 that both sides give."""
    if "error" in rec:
        return {"error": True}
    o = rec["result"]
    n = {"error": False, "outcome": o.get("outcome")}
    n["escalate_to"] = o.get("escalate_to")
    n["chain"] = [("protocol", c["protocol"], None) if "protocol" in c
                  else ("holder", c.get("holder"), _rule(c.get("rule")))
                  for c in (o.get("chain") or [])]
    n["accountable"] = o.get("accountable") if o.get("outcome") == "permitted" else None
    for f in ("reasons", "also"):
        n[f] = [(x.get("kind"), _rule(x.get("rule")), _rule(x.get("other_rule")))
                for x in o.get(f) or []]
    n["obligations"] = [(x.get("due"), x.get("file"), x.get("line"))
                        for x in o.get("obligations") or []]
    n["findings"] = [(x.get("kind"), x.get("due"), x.get("file"), x.get("line"))
                     for x in o.get("findings") or []]
    return n


FIELDS = ["outcome", "escalate_to", "chain", "accountable", "reasons", "also", "obligations", "findings"]


def compare(c_rec, ref_rec):
    """The differences between a C record and a reference record: a list of
    (field, c_value, ref_value); [] when they agree.  Two errors agree."""
    a, b = normalise(c_rec), normalise(ref_rec)
    if a["error"] or b["error"]:
        if a["error"] and b["error"]:
            return []
        return [("error", a["error"], b["error"])]
    return [(f, a[f], b[f]) for f in FIELDS if a[f] != b[f]]


def error_codes(rec):
    """C's diagnostic codes of an error record; for the reference's, the
    kind of exception (so that a crash does not look like an input error)."""
    err = rec.get("error")
    if isinstance(err, str):
        # the reference's message: names and numbers folded, so that one
        # rule gives one signature whichever role or person it names
        head = err.split(":", 1)[0]
        return [re.sub(r"\d+", "N", re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", head))]
    try:
        return sorted({d["code"] for d in err["diagnostics"]})
    except (KeyError, TypeError):
        return []


def error_text(rec):
    """The first diagnostic of a C error record, one line: code and message."""
    try:
        d = rec["error"]["diagnostics"][0]
        return "%s %s" % (d["code"], d["message"])
    except (KeyError, IndexError, TypeError):
        return json.dumps(rec.get("error"))[:200]


def signature(diffs, c_rec, ref_rec):
    """Which fields differ and how, with the reason kinds: one bug should
    give one signature however many decisions (and other reasons) show it.
    When the outcomes differ (or one side is an error), both outcomes with
    their reason kinds in order; otherwise the outcome, the reason kinds
    only one side gives, and what differs in the obligations or findings."""
    def side(rec):
        if "error" in rec:
            return "error" + ("(%s)" % ",".join(error_codes(rec)) if error_codes(rec) else "")
        o = rec["result"]
        return "%s[%s]" % (o.get("outcome"), ",".join(x.get("kind", "?") for x in o.get("reasons") or []))
    fields = [d[0] for d in diffs]
    head = "+".join(fields)
    if "error" in fields or "outcome" in fields:
        return "%s | C %s | ref %s" % (head, side(c_rec), side(ref_rec))
    a, b = normalise(c_rec), normalise(ref_rec)
    parts = [a["outcome"]]
    for f in ("reasons", "also"):
        if f not in fields:
            continue
        ka = collections.Counter(x[0] for x in a[f])
        kb = collections.Counter(x[0] for x in b[f])
        only_c, only_ref = sorted(set(ka) - set(kb)), sorted(set(kb) - set(ka))
        if only_c or only_ref:
            parts.append("%s only in C [%s], only in ref [%s]" % (f, ",".join(only_c), ",".join(only_ref)))
        elif ka != kb:
            parts.append("%s: same kinds, other counts [%s]" % (f, ",".join(
                sorted(k for k in ka if ka[k] != kb[k]))))
        else:
            parts.append("%s: same kinds, other order or rules" % f)
    for f, names in (("obligations", ("due", "file", "line")),
                     ("findings", ("kind", "due", "file", "line"))):
        if f in fields:
            if len(a[f]) != len(b[f]):
                parts.append("%s: C %d, ref %d" % (f, len(a[f]), len(b[f])))
            else:
                which = sorted({names[k] for x, y in zip(a[f], b[f]) for k in range(len(names)) if x[k] != y[k]})
                parts.append("%s: %s" % (f, ",".join(which)))
    return "%s | %s" % (head, " | ".join(parts))


def describe(diffs):
    return "; ".join("%s differs: C %s, reference %s" % (f, json.dumps(a), json.dumps(b))
                     for f, a, b in diffs)


# ---------------------------------------------------------------- one case

class Case:
    """One decision with its policy, history and register, evaluated both ways."""

    def __init__(self, policy, decision, history, register, calendar=None):
        self.policy, self.decision = policy, decision
        self.history, self.register = history, register
        self.calendar = calendar

    def copy(self, **kw):
        c = Case(self.policy, self.decision, self.history, self.register, self.calendar)
        for k, v in kw.items():
            setattr(c, k, v)
        return c

    def write(self, folder):
        with open(os.path.join(folder, POLICY), "w", encoding="utf-8") as f:
            f.write(self.policy)
        with open(os.path.join(folder, "decision.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(self.decision, ensure_ascii=False) + "\n")
        for name, val in (("history.json", self.history), ("register.json", self.register),
                          ("calendar.json", self.calendar)):
            path = os.path.join(folder, name)
            if val is not None:
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(val, f, ensure_ascii=False, indent=1)
            elif os.path.exists(path):
                os.remove(path)

    def run(self, opts, ref):
        """(c_rec, ref_rec), or None when the policy does not check clean."""
        with tempfile.TemporaryDirectory(prefix="difftest-") as tmp:
            self.write(tmp)
            if opts.fake_export:   # the real export is refused when the policy has errors
                p = subprocess.run([opts.remit, "check", "--no-analyses", POLICY], cwd=tmp,
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    return None
            export = get_export(opts.remit, tmp, opts.fake_export)
            if export is None:
                return None
            try:
                recs = c_batch(opts.remit, tmp, "decision.json",
                               "history.json" if self.history is not None else None,
                               "register.json" if self.register is not None else None,
                               "calendar.json" if self.calendar is not None else None)
            except RuntimeError:
                return None
            if 1 not in recs:
                return None
            return recs[1], ref_eval(ref, export, self.decision, self.history, self.register,
                                     self.calendar)


# ---------------------------------------------------------------- minimising

def policy_units(text):
    """The policy's top-level statements, as (first, last) line ranges."""
    lines = text.split("\n")
    starts = [i for i, l in enumerate(lines) if l and not l[0].isspace() and not l.startswith("}")]
    units = []
    for k, s in enumerate(starts):
        e = (starts[k + 1] if k + 1 < len(starts) else len(lines)) - 1
        units.append((s, e))
    return lines, units


FIELD_LINE = re.compile(r"^\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*[a-z]")


def sync_inputs(case):
    """Drop from the decision and the history the fields and context values
    that the policy no longer declares (after a field's line was dropped)."""
    names = {m.group(1) for m in map(FIELD_LINE.match, case.policy.split("\n")) if m}
    protocols = set(re.findall(r"^protocol ([A-Za-z_][A-Za-z0-9_]*)", case.policy, re.M))

    def prune(d):
        d = dict(d)
        for key in ("fields", "context"):
            if isinstance(d.get(key), dict):
                d[key] = {k: v for k, v in d[key].items() if k in names}
        if isinstance(d.get("activated"), dict):
            d["activated"] = {k: v for k, v in d["activated"].items() if k in protocols}
        return d
    hist = None if case.history is None else [prune(e) for e in case.history]
    return case.copy(decision=prune(case.decision), history=hist)


def drop_lines(lines, drop):
    return "\n".join(l for i, l in enumerate(lines) if i not in drop)


def ddmin_list(items, still):
    """Smallest sublist of items (ddmin, one item at a time at the end) for
    which still(sublist) holds; still(items) must hold."""
    n = 2
    while len(items) >= 2:
        chunk = max(1, len(items) // n)
        removed = False
        for i in range(0, len(items), chunk):
            rest = items[:i] + items[i + chunk:]
            if still(rest):
                items = rest
                n = max(n - 1, 2)
                removed = True
                break
        if not removed:
            if chunk == 1:
                break
            n = min(len(items), n * 2)
    if len(items) == 1 and still([]):
        return []
    return items


def minimise(case, sig, opts, ref, budget=600):
    """Shrink the case while it still gives a disagreement of signature sig."""
    tries = [0]

    def holds(c):
        if tries[0] >= budget:
            return False
        tries[0] += 1
        got = c.run(opts, ref)
        if got is None:
            return False
        d = compare(*got)
        return bool(d) and signature(d, *got) == sig

    while True:
        before = (case.policy, json.dumps([case.decision, case.history, case.register]))
        case = _minimise_pass(case, holds)
        if (case.policy, json.dumps([case.decision, case.history, case.register])) == before \
                or tries[0] >= budget:
            break
    return case, tries[0]


def _minimise_pass(case, holds):
    """One pass of minimise(): the policy, the decision, the history, the register."""
    # 1. whole statements of the policy, then single indented lines
    lines, units = policy_units(case.policy)
    def without_units(ks):
        return sync_inputs(case.copy(policy=drop_lines(
            lines, {i for u in set(range(len(units))) - set(ks)
                    for i in range(units[u][0], units[u][1] + 1)})))
    keep = ddmin_list(list(range(len(units))), lambda ks: holds(without_units(ks)))
    case = without_units(keep)
    lines = case.policy.split("\n")
    inner = [i for i, l in enumerate(lines) if l[:1].isspace() and l.strip()
             and not l.rstrip().endswith("{")]
    keep = ddmin_list(inner, lambda ks: holds(sync_inputs(case.copy(
        policy=drop_lines(lines, set(inner) - set(ks))))))
    case = sync_inputs(case.copy(policy=drop_lines(lines, set(inner) - set(keep))))
    # 2. the decision's optional keys and list items
    d = dict(case.decision)
    for key in ["co_signatories", "interests", "attendance", "subject", "body", "opened", "activated"]:
        if key in d:
            trial = dict(d)
            del trial[key]
            if holds(case.copy(decision=trial)):
                d = trial
            elif isinstance(d[key], list):
                items = ddmin_list(list(d[key]), lambda xs: holds(case.copy(decision=dict(d, **{key: xs}))))
                d = dict(d, **{key: items})
    case = case.copy(decision=d)
    # 3. the history and the register
    if case.history is not None:
        if holds(case.copy(history=None)):
            case = case.copy(history=None)
        else:
            case = case.copy(history=ddmin_list(list(case.history),
                                                lambda h: holds(case.copy(history=h))))
    if case.register is not None:
        if holds(case.copy(register=None)):
            case = case.copy(register=None)
        else:
            people = ddmin_list(list(case.register["people"]),
                                lambda ps: holds(case.copy(register={"people": ps})))
            case = case.copy(register={"people": people})
    # 4. empty blocks of bodies: `body b {\n}` -> `body b` (a matter keeps its braces)
    emptied = re.sub(r"^(body [^\n]*) \{\n\}", r"\1", case.policy, flags=re.M)
    if emptied != case.policy and holds(case.copy(policy=emptied)):
        case = case.copy(policy=emptied)
    return case


# ---------------------------------------------------------------- one scheme

def scheme_seed(seed, i):
    return seed * 1000003 + i


def run_scheme(job):
    """Generate, evaluate both ways and compare one scheme; returns a dict of
    counts and the first disagreement of each signature."""
    opts, i = job
    sseed = scheme_seed(opts.seed, i)
    res = {"index": i, "seed": sseed, "compared": 0, "decisions": 0, "c_errors": 0, "error_examples": [],
           "outcomes": collections.Counter(), "reasons": collections.Counter(),
           "cases": {}, "sig_counts": collections.Counter(), "problem": None,
           "t_gen": 0.0, "t_c": 0.0, "t_ref": 0.0,
           "who_asked": 0, "who_holders": 0, "who_listed": 0, "who_added": 0, "who_unsettled": 0,
           "who_problems": [], "who_cases": []}
    t0 = time.time()
    scheme = gen.generate(sseed, opts.decisions_per_scheme, opts.scale)
    folder = tempfile.mkdtemp(prefix="difftest-%d-" % i)
    try:
        paths = gen.write_scheme(scheme, folder)
        res["t_gen"] = time.time() - t0
        t0 = time.time()
        try:
            recs = c_batch(opts.remit, folder, "decisions.jsonl",
                           "history.json" if "history" in paths else None,
                           "register.json" if "register" in paths else None,
                           "calendar.json" if "calendar" in paths else None)
        except RuntimeError as e:
            res["problem"] = "scheme %d (seed %d): %s" % (i, sseed, e)
            return res
        res["t_c"] = time.time() - t0
        res["decisions"] = len(recs)
        for n, rec in sorted(recs.items()):
            if "error" in rec:
                res["c_errors"] += 1
                if len(res["error_examples"]) < 2:
                    res["error_examples"].append("scheme %d (seed %d), decision %d: %s" % (
                        i, sseed, n, error_text(rec)))
                for c in error_codes(rec):
                    res["outcomes"]["error " + c] += 1
            else:
                res["outcomes"][rec["result"]["outcome"]] += 1
                for x in rec["result"].get("reasons") or []:
                    res["reasons"][x["kind"]] += 1
                for x in rec["result"].get("findings") or []:
                    res["reasons"]["finding " + x["kind"]] += 1
        if opts.c_only:
            return res
        t0 = time.time()
        export = get_export(opts.remit, folder, opts.fake_export)
        if export is None:
            res["problem"] = "scheme %d (seed %d): not exported (the policy has errors)" % (i, sseed)
            return res
        ref = load_reference(opts.ref)
        # a fresh reference for each scheme, which keeps the scheme's inputs
        # alive as long as it lives: a reference that caches by identity is
        # never handed another scheme's dicts under an id() it has seen, and
        # a long campaign does not keep every scheme it has run (it did, and
        # a worker of a 10,000,000-decision run at --scale 20 grew to 13 GB)
        ref._difftest_inputs = (export, scheme)
        for n, d in enumerate(scheme.decisions, 1):
            c_rec = recs.get(n)
            if c_rec is None:
                continue
            r_rec = ref_eval(ref, export, d, scheme.history, scheme.register, scheme.calendar)
            res["compared"] += 1
            diffs = compare(c_rec, r_rec)
            if diffs:
                sig = signature(diffs, c_rec, r_rec)
                res["sig_counts"][sig] += 1
                if sig not in res["cases"]:
                    res["cases"][sig] = {"policy": scheme.policy, "decision": d,
                                         "history": scheme.history, "register": scheme.register,
                                         "calendar": scheme.calendar,
                                         "c": c_rec, "ref": r_rec, "diffs": diffs,
                                         "where": "scheme %d (seed %d), decision %d" % (i, sseed, n)}
        # `remit who` on the first decisions, each holder weighed by the reference
        for n, d in enumerate(scheme.decisions[:opts.who], 1):
            try:
                answer = c_who(opts.remit, folder, d, "history.json" if "history" in paths else None,
                               "register.json" if "register" in paths else None,
                               "calendar.json" if "calendar" in paths else None)
            except (RuntimeError, ValueError) as e:
                res["who_problems"].append(("who failed", "scheme %d (seed %d), decision %d: %s"
                                            % (i, sseed, n, e), d))
                continue
            weighed, probs = who_problems(ref, export, d, answer, scheme.history, scheme.register,
                                          scheme.calendar)
            res["who_asked"] += 1
            res["who_holders"] += weighed
            if answer is not None:
                res["who_listed"] += len(answer["holders"])
                res["who_added"] += sum(1 for x in answer["holders"] if x["co_signatories_added"])
                res["who_unsettled"] += len(answer["unsettled"])
            for p in probs:
                res["who_problems"].append((p, "scheme %d (seed %d), decision %d" % (i, sseed, n), d))
                if len(res["who_cases"]) < 3:
                    res["who_cases"].append({"policy": scheme.policy, "decision": d, "history": scheme.history,
                                             "register": scheme.register, "calendar": scheme.calendar,
                                             "problem": p})
        res["t_ref"] = time.time() - t0
    finally:
        if opts.keep:
            dst = os.path.join(opts.out, "schemes", "%05d" % i)
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(folder, dst)
        shutil.rmtree(folder, ignore_errors=True)
    return res


def minimise_job(job):
    opts, sig, data = job
    ref = load_reference(opts.ref)
    case = Case(data["policy"], data["decision"], data["history"], data["register"], data.get("calendar"))
    tries = 0
    if not opts.no_minimise:
        case, tries = minimise(case, sig, opts, ref)
    got = case.run(opts, ref)
    if got is None or not compare(*got):   # should not happen: keep the original
        case = Case(data["policy"], data["decision"], data["history"], data["register"], data.get("calendar"))
        got = (data["c"], data["ref"])
    return sig, case, got, tries


def write_case(folder, sig, case, got, count, where, tries):
    os.makedirs(folder, exist_ok=True)
    case.write(folder)
    c_rec, r_rec = got
    with open(os.path.join(folder, "c.json"), "w", encoding="utf-8") as f:
        json.dump(c_rec, f, ensure_ascii=False, indent=1)
    with open(os.path.join(folder, "ref.json"), "w", encoding="utf-8") as f:
        json.dump(r_rec, f, ensure_ascii=False, indent=1)
    hist = " --history history.json" if case.history is not None else ""
    reg = " --register register.json" if case.register is not None else ""
    reg += " --calendar calendar.json" if case.calendar is not None else ""
    with open(os.path.join(folder, "README"), "w", encoding="utf-8") as f:
        f.write("%s\n" % describe(compare(c_rec, r_rec)))
        f.write("signature: %s\n" % sig)
        f.write("decisions with this signature: %d; first seen in %s; minimised in %d tries\n"
                % (count, where, tries))
        f.write("reproduce (in this folder): remit eval --no-analyses policy.remit --batch decision.json%s%s\n"
                % (hist, reg))
        f.write("and: python3 tools/reference/remit_ref.py EXPORT.json --batch decision.json%s%s\n"
                "with EXPORT.json from: remit check --emit json --no-analyses policy.remit\n"
                % (hist, reg))


# ---------------------------------------------------------------- main

def in_workers(jobs, fn, items, chunk):
    """fn over items in `jobs` processes, in order; None, said, when a worker
    dies (killed by the system, out of memory perhaps): its items are lost,
    and a run that waited for them would never end."""
    if jobs <= 1:
        return [fn(x) for x in items]
    try:
        with concurrent.futures.ProcessPoolExecutor(jobs) as ex:
            return list(ex.map(fn, items, chunksize=chunk))
    except concurrent.futures.process.BrokenProcessPool as e:
        print("difftest: a worker process died (%s): the run is not complete; see the "
              "system log (dmesg) for an out-of-memory kill" % e)
        return None


def main(argv=None):
    ap = argparse.ArgumentParser(description="compare remit eval with the reference evaluator")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--schemes", type=int, default=100)
    ap.add_argument("--decisions-per-scheme", type=int, default=100)
    ap.add_argument("--scale", type=int, default=1,
                    help="generate schemes about this many times larger (holders and "
                         "delegations), for the evaluator's indexes at scale")
    ap.add_argument("--remit", default=os.path.join(ROOT, "build", "remit"))
    ap.add_argument("--ref", default=DEFAULT_REF, help="the reference evaluator (a .py file)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "difftest"))
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--c-only", action="store_true", help="run the C side only (test the generator)")
    ap.add_argument("--keep", action="store_true", help="keep every scheme under OUT/schemes/")
    ap.add_argument("--no-minimise", action="store_true")
    ap.add_argument("--max-minimise", type=int, default=30,
                    help="minimise at most this many signatures (the first, by count); the rest are written as found")
    ap.add_argument("--only", type=int, action="append", metavar="I",
                    help="run only scheme I of the run (may be repeated), e.g. to re-run the scheme a case names")
    ap.add_argument("--who", type=int, default=1, metavar="N",
                    help="ask `remit who` about the first N decisions of each scheme, and weigh "
                         "every holder with the reference (0: none)")
    ap.add_argument("--fake-export", action="store_true", help=argparse.SUPPRESS)
    opts = ap.parse_args(argv)
    opts.remit = os.path.abspath(opts.remit)
    opts.out = os.path.abspath(opts.out)
    opts.ref = os.path.abspath(opts.ref)
    if not os.access(opts.remit, os.X_OK):
        print("difftest: %s is not an executable; run make first" % opts.remit)
        return 2
    if not opts.c_only:
        # find out now, once, whether both sides exist
        try:
            load_reference(opts.ref)
            probe = tempfile.mkdtemp(prefix="difftest-probe-")
            try:
                gen.write_scheme(gen.generate(scheme_seed(opts.seed, 0), 1), probe)
                get_export(opts.remit, probe, opts.fake_export)
            finally:
                shutil.rmtree(probe, ignore_errors=True)
        except Unavailable as e:
            print("difftest: cannot compare: %s" % e)
            print("difftest: 0 decisions compared over 0 schemes, 0 disagreements (not run)")
            return 2
    t_start = time.time()
    indices = sorted(set(opts.only)) if opts.only else range(opts.schemes)
    jobs = [(opts, i) for i in indices]
    results = in_workers(opts.jobs, run_scheme, jobs, 4)
    if results is None:
        return 2
    elapsed = time.time() - t_start
    total = collections.Counter()
    outcomes, reasons, sig_counts = collections.Counter(), collections.Counter(), collections.Counter()
    cases = {}
    problems = []
    error_examples = []   # a few input errors of the C side, to say why a run failed
    who_problems_all, who_cases = [], []
    for r in sorted(results, key=lambda r: r["index"]):
        for k in ("compared", "decisions", "c_errors", "t_gen", "t_c", "t_ref", "who_asked", "who_holders",
                  "who_listed", "who_added", "who_unsettled"):
            total[k] += r[k]
        who_problems_all.extend(r["who_problems"])
        who_cases.extend(r["who_cases"])
        outcomes.update(r["outcomes"])
        reasons.update(r["reasons"])
        sig_counts.update(r["sig_counts"])
        for sig, data in r["cases"].items():
            cases.setdefault(sig, data)
        if r["problem"]:
            problems.append(r["problem"])
        error_examples += r["error_examples"]
    print("outcomes (C): " + ", ".join("%s %d" % kv for kv in sorted(outcomes.items())))
    print("reasons and findings (C): " + ", ".join("%s %d" % kv for kv in sorted(reasons.items())))
    print("time: %.1f s wall; generation %.1f s, C %.1f s (%.0f decisions/s), reference %.1f s"
          % (elapsed, total["t_gen"], total["t_c"],
             total["decisions"] / total["t_c"] if total["t_c"] else 0, total["t_ref"]))
    for p in problems[:20]:
        print("problem: " + p)
    for e in error_examples[:10]:
        print("input error: " + e)
    if opts.c_only:
        print("difftest: C side only: %d decisions evaluated over %d schemes, %d input errors, %d schemes not run"
              % (total["decisions"], len(jobs), total["c_errors"], len(problems)))
        # the generator's inputs are valid: any input error is a fault of the
        # generator (or a new input rule it does not know yet)
        return 1 if problems or total["c_errors"] else 0
    if cases:
        shutil.rmtree(os.path.join(opts.out, "cases"), ignore_errors=True)
        order = sorted(cases, key=lambda sg: (-sig_counts[sg], sg))
        mjobs = [(argparse.Namespace(**dict(vars(opts), no_minimise=opts.no_minimise or k >= opts.max_minimise)),
                  sig, cases[sig]) for k, sig in enumerate(order)]
        mins = in_workers(opts.jobs, minimise_job, mjobs, 1)
        if mins is None:
            return 2
        print("disagreements by signature:")
        for k, (sig, case, got, tries) in enumerate(mins, 1):
            folder = os.path.join(opts.out, "cases", "%03d" % k)
            write_case(folder, sig, case, got, sig_counts[sig], cases[sig]["where"], tries)
            print("  %6d  %s  -> %s" % (sig_counts[sig], sig, os.path.relpath(folder, os.getcwd())))
    if total["who_asked"] or who_problems_all:
        print("who: %d decisions asked over %d schemes, %d holders weighed by the reference (%d listed, "
              "%d of them with co-signatories added; %d unsettled), %d disagreements"
              % (total["who_asked"], len(jobs), total["who_holders"], total["who_listed"], total["who_added"],
                 total["who_unsettled"], len(who_problems_all)))
    for text, where, _ in who_problems_all[:10]:
        print("  %s (%s)" % (text, where))
    if who_cases:
        shutil.rmtree(os.path.join(opts.out, "who-cases"), ignore_errors=True)
        for k, c in enumerate(who_cases[:20], 1):
            folder = os.path.join(opts.out, "who-cases", "%03d" % k)
            os.makedirs(folder, exist_ok=True)
            Case(c["policy"], c["decision"], c["history"], c["register"], c["calendar"]).write(folder)
            with open(os.path.join(folder, "README"), "w", encoding="utf-8") as f:
                f.write("%s\nreproduce (in this folder): remit who --no-analyses policy.remit decision.json%s%s%s\n"
                        % (c["problem"], " --history history.json" if c["history"] is not None else "",
                           " --register register.json" if c["register"] is not None else "",
                           " --calendar calendar.json" if c["calendar"] is not None else ""))
    m = sum(sig_counts.values()) + len(who_problems_all)
    n_schemes = len(jobs) - len(problems)
    print("difftest: %d decisions compared over %d schemes, %d disagreements"
          % (total["compared"], n_schemes, m))
    return 1 if m > 0 or problems else 0


if __name__ == "__main__":
    sys.exit(main())
