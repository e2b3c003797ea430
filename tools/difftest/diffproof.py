#!/usr/bin/env python3
"""diffproof.py - the proof of `remit diff` (SPEC 11.10) on generated pairs.

For each pair: a scheme from the generator (gen.py), and a mutation of it
(a constant moved, a comparison turned, a rule removed, a holder swapped,
a co-signature, `may subdelegate` or a `when` added or dropped, the days
of a `declare within` or a `ratify by ... within` moved, a quorum
changed...), both
checked.  `remit diff --format json OLD NEW` says which regions of
decisions the two versions answer differently.  Then a sweep, written
here from the policy exports alone (SPEC 11.9) and sharing nothing with
the diff's search, builds every decision of every matter and decider
both versions have at every boundary value of every field and context
value both declare alike (each constant a condition compares it with,
one below and one above, the points where a linear comparison of two
fields turns, the midpoints between, and a value beyond all of them),
evaluates each under both versions with `remit eval --batch`, signed as
SPEC 11.10 says (the co-signatories a decision not permitted for want
of them asks for, at most three rounds), and checks:

- every decision the versions answer differently lies in a region the
  diff reports (its matter, decider and boxes), and is answered there
  as the region says;
- every region the diff reports holds a decision of the sweep that the
  versions answer differently;
- findings (SPEC 7.12): the diff's decisions carry no history or
  interests, so no findings; the generator's own decisions of the scheme
  (with its history, register, calendar and interests) are evaluated
  under both versions, and each whose findings differ must have a change
  of structure said that can set findings of that kind (EXPLAINS);
- meetings (a body deciding at one, in both versions): at some of the
  points, with one seat of each role seated in both empty, and with
  every count of empty seats of each such role (two or more away; 48 of
  them, sampled, when there are more), each decision is answered as at
  the full meeting where the meeting can decide and refused where not,
  and the diff says (`meeting_changed`) exactly the attendances the
  versions find able to decide differently, told apart by how many
  seats are empty of each kind of seat, found here from the exports.

A pair whose diff is not complete (SPEC 11.10: too many combinations)
is counted apart and not proven; so is one whose sweep samples instead
of trying every combination (`--max-points`), which is said.

    python3 tools/difftest/diffproof.py --seed S --pairs N [--remit build/remit]
        [--jobs J] [--out DIR] [--max-points P] [--only I]

The last line is `diffproof: N pairs proven (N decisions compared), N
not complete, N failed`; exit 0 when none failed, 1 when some did, 2
when the proof could not be made.  A failed pair's folder (old.remit,
new.remit, diff.json, problems.txt) is kept under OUT.  Python 3
standard library only.
"""
import argparse
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import gen  # noqa: E402
import remit_ref as ref  # noqa: E402

DATE = "2026-04-01"
DAY = ref.parse_date(DATE)
OTHER_TEXT = "A supplier no rule names"   # a text neither version mentions
MAX_SIGNERS = 32
MAX_ALTS = 256
MAX_SEATS = 200
ORDERED = ("money", "days", "date", "percent", "number", "score")
RULE_START = re.compile(r"^(L\d+: )?(delegate|reserve|refuse|escalate|require|limit|after) ")


# ------------------------------------------------------------ mutations

def blocks(lines):
    """(start, end) of each top-level rule: its line and the indented
    lines after it."""
    out = []
    i = 0
    while i < len(lines):
        if RULE_START.match(lines[i]):
            j = i + 1
            while j < len(lines) and lines[j].startswith("    ") and not lines[j].startswith("    interest"):
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


MONEY_RE = re.compile(r"£[0-9][0-9,]*(\.[0-9]{2})?[km]?")
NUM_RE = re.compile(r"(?<![\w£.,])([0-9]+)(?= days?\b| weeks?\b|(?![\w.%,-]))")
DEADLINE_RE = re.compile(r"^\s+(declare within|ratify by \w+ within) ([0-9]+) days?\b")
OPS = {"<=": "<", "<": "<=", ">=": ">", ">": ">=", "!=": "=", " = ": " != "}


def holder_names(text):
    return re.findall(r"^(?:role|body) (\w+)", text, re.M)


def mutate(text, rng):
    """One mutation of the policy text: (new text, what was done), or
    None when the chosen one does not apply."""
    lines = text.split("\n")
    rules = blocks(lines)
    holders = holder_names(text)
    kind = rng.choice(["money", "number", "op", "drop_rule", "drop_line", "holder", "subdelegate",
                       "with", "when", "upto", "date", "deadline", "quorum"])
    if kind == "quorum":  # a body's quorum changed: its meetings with members away (SPEC 11.10)
        cands = [i for i, ln in enumerate(lines) if ln.startswith("    quorum ")]
        if not cands:
            return None
        i = rng.choice(cands)
        ln = lines[i]
        terms = ln[len("    quorum "):]
        new = rng.choice(["majority", "all", "2", "3", "two thirds", "one half", terms + " and 2", terms + " and 3",
                          terms.split(" and ")[0]] + ["1 " + k for k in re.findall(r"^kind (\w+)", text, re.M)])
        lines[i] = "    quorum " + new
        return "\n".join(lines), "line %d: %s -> %s" % (i + 1, ln.strip(), lines[i].strip())
    if kind == "deadline":  # what sets findings only (7.12): a declaration's or a ratification's days
        cands = [i for i, ln in enumerate(lines) if DEADLINE_RE.search(ln)]
        if not cands:
            return None
        i = rng.choice(cands)
        ln = lines[i]
        m = DEADLINE_RE.search(ln)
        n = int(m.group(2))
        new = rng.choice([n + 1, max(1, n - 1), n * 2, n + 7])
        lines[i] = ln[:m.start(2)] + str(new) + ln[m.end(2):]
        return "\n".join(lines), "line %d: %s -> %s" % (i + 1, ln.strip(), lines[i].strip())
    if kind == "date":  # a rule on a date field against the decision's date, moved by days or months
        dated = re.findall(r"^matter (\w+) .*?\{(.*?)^\}", text, re.M | re.S)
        cands = [(m, f) for m, body in dated for f in re.findall(r"^\s+(\w+): date$", body, re.M)]
        if not cands or not holders:
            return None
        m, f = rng.choice(cands)
        form = rng.choice(["%s < date - %d months", "%s + %d months < date", "%s >= date - %d days"])
        cond = form % (f, rng.randint(1, 40))
        rule = "escalate %s to %s when %s" % (m, rng.choice(holders), cond)
        return text.rstrip("\n") + "\n" + rule + "\n", "added: " + rule
    if kind in ("money", "number", "op"):
        cands = [i for i, ln in enumerate(lines) if not ln.startswith(("policy", "const", "tiers"))
                 and (MONEY_RE.search(ln) if kind == "money" else
                      NUM_RE.search(ln) if kind == "number" else any(o in ln for o in OPS))]
        if kind == "money":
            cands += [i for i, ln in enumerate(lines) if ln.startswith("const") and "£" in ln]
        if not cands:
            return None
        i = rng.choice(cands)
        ln = lines[i]
        if kind == "money":
            ms = list(MONEY_RE.finditer(ln))
            m = rng.choice(ms)
            pence = ref.parse_money(m.group(0))
            new = rng.choice([pence + 1, max(0, pence - 1), pence * 2, pence // 2, pence + 100000])
            lines[i] = ln[:m.start()] + gen.money_json(new) + ln[m.end():]
        elif kind == "number":
            ms = list(NUM_RE.finditer(ln))
            m = rng.choice(ms)
            n = int(m.group(1))
            new = rng.choice([n + 1, max(0, n - 1), n + 5])
            lines[i] = ln[:m.start(1)] + str(new) + ln[m.end(1):]
        else:
            o = rng.choice([o for o in OPS if o in ln])
            at = ln.index(o)
            lines[i] = ln[:at] + OPS[o] + ln[at + len(o):]
        return "\n".join(lines), "line %d: %s -> %s" % (i + 1, ln.strip(), lines[i].strip())
    if not rules:
        return None
    s, e = rng.choice(rules)
    head = lines[s]
    if kind == "drop_rule":
        return "\n".join(lines[:s] + lines[e:]), "removed the rule at line %d: %s" % (s + 1, head.strip())
    if kind == "drop_line":
        if e - s < 2:
            return None
        i = rng.randrange(s + 1, e)
        return "\n".join(lines[:i] + lines[i + 1:]), "removed line %d: %s" % (i + 1, lines[i].strip())
    if kind == "holder":
        words = [(m.start(), m.end()) for m in re.finditer(r"\b(?:r|b)\d+\b", head) if m.group(0) in holders]
        if not words or len(holders) < 2:
            return None
        a, b = rng.choice(words)
        other = rng.choice([h for h in holders if h != head[a:b]])
        lines[s] = head[:a] + other + head[b:]
        return "\n".join(lines), "line %d: %s -> %s" % (s + 1, head.strip(), lines[s].strip())
    if not head.lstrip("L0123456789: ").startswith(("delegate", "reserve", "refuse", "escalate", "require", "limit")):
        return None
    if kind == "subdelegate":
        if not head.lstrip("L0123456789: ").startswith("delegate"):
            return None
        for i in range(s + 1, e):
            if lines[i].strip().startswith("may subdelegate"):
                return "\n".join(lines[:i] + lines[i + 1:]), "line %d: removed %s" % (i + 1, lines[i].strip())
        lines.insert(s + 1, "    may subdelegate")
        return "\n".join(lines), "line %d: added may subdelegate" % (s + 2)
    if kind == "with":
        if not head.lstrip("L0123456789: ").startswith("delegate"):
            return None
        for i in range(s + 1, e):
            if lines[i].strip().startswith("with "):
                return "\n".join(lines[:i] + lines[i + 1:]), "line %d: removed %s" % (i + 1, lines[i].strip())
        who = rng.choice(holders)
        lines.insert(s + 1, "    with %s" % who)
        return "\n".join(lines), "line %d: added with %s" % (s + 2, who)
    if kind == "when":
        for i in range(s + 1, e):
            if lines[i].strip().startswith("when "):
                return "\n".join(lines[:i] + lines[i + 1:]), "line %d: removed %s" % (i + 1, lines[i].strip())
        return None
    if kind == "upto":
        if not head.lstrip("L0123456789: ").startswith("delegate"):
            return None
        for i in range(s, e):
            m = re.search(r"up to (£[0-9][0-9,]*(\.[0-9]{2})?[km]?)", lines[i])
            if m:
                pence = ref.parse_money(m.group(1))
                new = rng.choice([pence * 2, pence // 2 or 1, pence + 1])
                lines[i] = lines[i][:m.start(1)] + gen.money_json(new) + lines[i][m.end(1):]
                return "\n".join(lines), "line %d: up to %s -> %s" % (i + 1, m.group(1), gen.money_json(new))
        return None
    return None


# ------------------------------------------------------------ the running

def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def export(remit, folder, name):
    rc, out, err = run([remit, "check", "--emit", "json", "--no-analyses", name], cwd=folder)
    if rc != 0:
        return None
    return json.loads(out)


# ------------------------------------------------------------ values

def dims_of(P, matter):
    """{(where, name): field declaration} of the matter's fields ('f')
    and the context values ('c')."""
    m = next(x for x in P["matters"] if x["name"] == matter)
    out = {}
    for f in m["fields"]:
        out[("f", f["name"])] = f
    for f in P.get("context") or []:
        out[("c", f["name"])] = f
    return out


def same_decl(P, a, Q, b):
    if a["type"] != b["type"]:
        return False
    for k in ("choices", "min", "max"):
        if a.get(k) != b.get(k):
            return False
    if a["type"] == "tier" and P.get("tiers") != Q.get("tiers"):
        return False
    return True


def const_value(e):
    v = e["value"]
    if e["type"] == "date":
        return ref.parse_date(v) if isinstance(v, str) else v
    return v


def linear(e, matter_money):
    """e as {var: coefficient} and a constant, or None: vars are
    ('f', name) and ('c', name)."""
    op = e["op"]
    if e.get("type") in ("months", "period"):
        return None
    if op == "const":
        v = const_value(e)
        return ({}, v) if isinstance(v, int) and not isinstance(v, bool) else None
    if op == "field":
        return ({("f", e["name"]): 1}, 0)
    if op == "context":
        return ({("c", e["name"]): 1}, 0)
    if op == "total":   # with no history, the decision's own value
        return ({("f", e["field"]): 1}, 0)
    if op == "date":
        return ({}, DAY)
    if op == "neg":
        x = linear(e["arg"], matter_money)
        return None if x is None else ({k: -v for k, v in x[0].items()}, -x[1])
    if op in ("add", "sub", "mul"):
        a, b = linear(e["left"], matter_money), linear(e["right"], matter_money)
        if a is None or b is None:
            return None
        if op == "mul":
            if a[0] and b[0]:
                return None
            k, (vs, c) = (a[1], b) if not a[0] else (b[1], a)
            return ({n: v * k for n, v in vs.items()}, c * k)
        s = 1 if op == "add" else -1
        vs = dict(a[0])
        for n, v in b[0].items():
            vs[n] = vs.get(n, 0) + s * v
        return (vs, a[1] + s * b[1])
    return None


def fixed_of(e):
    """The value of an expression a decision cannot change (constants,
    the decision's date, arithmetic and calendar months on them), or
    None."""
    op = e["op"]
    if op == "const":
        v = const_value(e)
        return v if isinstance(v, int) and not isinstance(v, bool) else None
    if op == "date":
        return DAY
    if op == "neg":
        a = fixed_of(e["arg"])
        return None if a is None else -a
    if op in ("add", "sub", "mul"):
        L, R = e["left"], e["right"]
        if op in ("add", "sub") and R.get("type") == "months":
            a = fixed_of(L)
            return None if a is None else ref.add_months(a, R["value"] if op == "add" else -R["value"])
        if op == "add" and L.get("type") == "months":
            b = fixed_of(R)
            return None if b is None else ref.add_months(b, L["value"])
        a, b = fixed_of(L), fixed_of(R)
        if a is None or b is None:
            return None
        return a + b if op == "add" else a - b if op == "sub" else a * b
    return None


def months_of(e, money):
    """(var, n) when e is a value a decision gives plus (or minus) n
    calendar months, else None."""
    if e["op"] not in ("add", "sub"):
        return None
    for x, y, sign in ((e["left"], e["right"], 1), (e["right"], e["left"], 1)):
        if e["op"] == "sub" and x is e["right"]:
            continue
        if y.get("type") == "months" and y["op"] == "const":
            lx = linear(x, money)
            if lx and len(lx[0]) == 1 and list(lx[0].values()) == [1] and lx[1] == 0:
                n = y["value"] if e["op"] == "add" else -y["value"]
                return next(iter(lx[0])), n
    return None


def exprs(x):
    """Every expression tree in a piece of the export."""
    if isinstance(x, dict):
        if "op" in x and "type" in x:
            yield x
            return
        for v in x.values():
            yield from exprs(v)
    elif isinstance(x, list):
        for v in x:
            yield from exprs(v)


def walk(e):
    yield e
    for k in ("arg", "left", "right"):
        if isinstance(e.get(k), dict):
            yield from walk(e[k])
    for a in e.get("args") or []:
        yield from walk(a)


def relations(P, matter):
    """The comparisons that can tell values of the matter's fields and
    the context apart: (linear form of LEFT - RIGHT) for each numeric
    comparison, the texts each text field is compared with, and the lists
    of choices each set is tested against (`x in f`)."""
    lins, texts, lists = [], {}, {}
    m = next(x for x in P["matters"] if x["name"] == matter)
    money = [f["name"] for f in m["fields"] if f["type"] == "money"]
    pieces = [r for r in P["rules"] if r.get("matter") == matter]
    pieces += [p.get("active_when") for p in P.get("protocols") or []]
    for p in P.get("protocols") or []:
        pieces += [g for g in p.get("grants") or [] if g.get("matter") == matter]
    for piece in pieces:
        if isinstance(piece, dict) and piece.get("up_to") is not None:
            u = piece["up_to"]
            v = u["value"] if isinstance(u, dict) else u
            for f in money:
                lins.append(({("f", f): 1}, -v))
        if isinstance(piece, dict) and piece.get("kind") == "limit" and piece.get("ceiling"):
            c = piece["ceiling"]
            if isinstance(c.get("value"), int):  # with no history, the decision's own value against it
                lins.append(({("f", piece["total"]): 1}, -c["value"]))
        for top in exprs(piece):
            for e in walk(top):
                if e["op"] in ("in", "not_in") and e["left"].get("type") == "set" \
                        and e["left"]["op"] in ("field", "context"):
                    key = ("f" if e["left"]["op"] == "field" else "c", e["left"]["name"])
                    lists.setdefault(key, []).append(frozenset(e["values"]))
                if e["op"] != "cmp":
                    continue
                L, R = e["left"], e["right"]
                for a, b in ((L, R), (R, L)):
                    if a["op"] in ("field", "context") and a["type"] == "text" and b["op"] == "const":
                        key = ("f" if a["op"] == "field" else "c", a["name"])
                        texts.setdefault(key, set()).add(b["value"])
                la, lb = linear(L, money), linear(R, money)
                if la is None and fixed_of(L) is not None:
                    la = ({}, fixed_of(L))
                if lb is None and fixed_of(R) is not None:
                    lb = ({}, fixed_of(R))
                for a, b, fa, fb in ((L, R, la, lb), (R, L, lb, la)):
                    # a date and calendar months against a fixed date: about
                    # where the months bring it (month ends are cut short)
                    mv = months_of(a, money)
                    if mv and fb is not None and not fb[0]:
                        var, n = mv
                        v = ref.add_months(fb[1], -n)
                        for d in range(-3, 4):
                            lins.append(({var: 1}, -(v + d)))
                if la is None or lb is None:
                    continue
                vs = dict(la[0])
                for n, v in lb[0].items():
                    vs[n] = vs.get(n, 0) - v
                vs = {n: v for n, v in vs.items() if v}
                if vs:
                    lins.append((vs, la[1] - lb[1]))
    return lins, texts, lists


def near(root_num, root_den):
    """The integers around num/den: below, at and above where it turns."""
    q = root_num // root_den
    return {q - 1, q, q + 1, q + 2}


def neutral(decl):
    t = decl["type"]
    if t == "score":
        return decl["min"]
    if t == "date":
        return DAY
    if t == "text":
        return None
    return 0


def values_for(keys, decls, lins, texts, held, rounds=2):
    """The boundary values of each dimension (internal form), and the
    values between and beyond them; held: the neutral value of each field
    or context value not tried."""
    vals = {}
    for k in keys:
        d = decls[k]
        t = d["type"]
        if t == "bool":
            vals[k] = [0, 1]
        elif t == "choice":
            vals[k] = list(range(len(d["choices"])))
        elif t == "tier":
            vals[k] = list(range(len(d["_tiers"])))
        elif t == "set":
            n = len(d["choices"])
            if n <= 4:
                vals[k] = list(range(1 << n))
            else:
                vals[k] = [0, (1 << n) - 1] + [1 << i for i in range(n)] + [3 << i for i in range(n - 1)]
        elif t == "text":
            vals[k] = [None] + sorted(texts.get(k, ()))
        else:
            vals[k] = {neutral(d)}
    ordered = [k for k in keys if decls[k]["type"] in ORDERED]
    between = {k: [] for k in keys}
    for rnd in range(rounds):
        add = {k: set() for k in ordered}
        for vs, c in lins:
            for x, a in vs.items():
                if x not in add:
                    continue
                others = [(y, b) for y, b in vs.items() if y != x]
                choices = itertools.product(*[sorted(vals[y]) if y in vals else [held.get(y, 0)]
                                              for y, _ in others]) if others else [()]
                for n, pick in enumerate(choices):
                    if n > 200:
                        break
                    rest = c + sum(b * v for (_, b), v in zip(others, pick))
                    # a*x + rest turns at x = -rest / a
                    num, den = -rest, a
                    if den < 0:
                        num, den = -num, -den
                    add[x] |= near(num, den)
        for k in ordered:
            vals[k] |= add[k]
        if rnd == 0 and not any(len(vs) > 1 for vs, _ in lins):
            break
    for k in ordered:
        d = decls[k]
        t = d["type"]
        v = sorted(vals[k])
        mids = [(a + b) // 2 for a, b in zip(v, v[1:]) if b - a > 2]
        more = set(mids) | {v[-1] + {"money": 1000000, "date": 400}.get(t, 1000)}
        if t == "date":
            more.add(v[0] - 400)
        lo, hi = {"score": (d.get("min"), d.get("max")),
                  "money": (0, ref.MONEY_MAX), "days": (0, 100000), "percent": (0, 100000),
                  "number": (0, 10 ** 15), "date": (ref.parse_date("1900-01-01"),
                                                            ref.parse_date("2999-12-31"))}[t]
        vals[k] = sorted(x for x in vals[k] if lo <= x <= hi)
        between[k] = sorted(x for x in more - set(vals[k]) if lo <= x <= hi)
    return {k: list(v) for k, v in vals.items()}, between


def to_json(decl, v):
    """A value in the internal form, as a decision's JSON gives it."""
    t = decl["type"]
    if t == "money":
        return gen.money_json(v)
    if t == "days":
        return "%d days" % v
    if t == "percent":
        return "%d.%02d%%" % divmod(v, 100) if v % 100 else "%d%%" % (v // 100)
    if t == "date":
        return ref.format_date(v)
    if t in ("number", "score"):
        return v
    if t == "bool":
        return bool(v)
    if t == "choice":
        return decl["choices"][v]
    if t == "tier":
        return decl["_tiers"][v]
    if t == "set":
        return [c for i, c in enumerate(decl["choices"]) if v >> i & 1]
    if t == "text":
        return OTHER_TEXT if v is None else v
    raise ValueError(t)


def from_json(decl, v):
    """A box's value (JSON) in the internal form."""
    t = decl["type"]
    if v is None:
        return None
    if t == "money":
        return ref.parse_money(v)
    if t == "days":
        return ref.parse_days(v)
    if t == "percent":
        return ref.parse_percent(v)
    if t == "date":
        return ref.parse_date(v)
    if t in ("number", "score"):
        return v
    if t == "bool":
        return int(v)
    if t == "choice":
        return decl["choices"].index(v)
    if t == "tier":
        return decl["_tiers"].index(v)
    if t == "set":
        return sum(1 << decl["choices"].index(c) for c in v)
    return v


# ------------------------------------------------------------ the cases (SPEC 11.10, 8.2)

class Version:
    def __init__(self, P):
        self.P = P
        self.pol = ref.Policy(P)
        hs = P["holders"]
        self.order = [h["name"] for h in hs if h["is"] == "role"] + [h["name"] for h in hs if h["is"] == "body"]
        self.holder = {h["name"]: h for h in hs}
        self.rule_at = {(r["file"], r["line"]): r for r in P["rules"]}
        for p in P.get("protocols") or []:
            for g in p.get("grants") or []:
                if "line" in g:
                    self.rule_at.setdefault((g.get("file"), g["line"]), g)

    def many(self, h):
        return self.pol.is_role(h) and self.pol.multi_role(h)

    def body_for(self, role):
        best = None
        tier = lambda b: -1 if self.holder[b].get("tier") is None else self.pol.tier_rank(self.holder[b]["tier"])
        for b in self.order:
            if self.holder[b]["is"] != "body":
                continue
            if any(m["role"] == role for m in self.holder[b].get("members") or []):
                if best is None or tier(b) < tier(best):
                    best = b
        if best is not None:
            return best
        bodies = [b for b in self.order if self.holder[b]["is"] == "body"]
        return bodies[0] if bodies else None

    def fits(self, entry, h):
        if entry["is"] == "kind":
            return self.pol.is_role(h) and entry["name"] in self.pol.role_kinds(h)
        return h == entry["name"]

    def meeting(self, body, away=None):
        """A full meeting of body, or with the first seat of role away
        empty, or with the first away[r] seats of each role r of a dict
        empty (SPEC 11.10)."""
        b = self.holder[body]
        seats = []
        for m in b.get("members") or []:
            n = m["min"] if m.get("max") is None else m["max"]
            seats += [m["role"]] * n
        if not 1 <= len(seats) <= MAX_SEATS:
            return None
        present = [True] * len(seats)
        gone = dict(away) if isinstance(away, dict) else {away: 1} if away is not None else {}
        for i, h in enumerate(seats):
            if gone.get(h, 0) > 0:
                present[i] = False
                gone[h] -= 1
        chair = None
        if b.get("chaired_by") or b.get("never_chaired_by"):
            for entry in b.get("chaired_by") or []:
                for i, h in enumerate(seats):
                    if present[i] and self.fits(entry, h):
                        chair = i
                        break
                if chair is not None:
                    break
            if chair is None:
                for i, h in enumerate(seats):
                    if present[i] and not any(self.fits(e, h) for e in b.get("never_chaired_by") or []):
                        chair = i
                        break
                if chair is None:
                    chair = present.index(True) if any(present) else 0
        att = []
        for i, h in enumerate(seats):
            a = {"role": h, "present": present[i]}
            if i == chair:
                a["presiding"] = True
            att.append(a)
        return att

    def case(self, matter, decider, values, decls, cos, away=None):
        """The decision the diff means (SPEC 11.10: as the analyses build
        their examples, 8.2), at values {key: internal value}; a field
        or context value not in values at its neutral value."""
        P = self.P
        m = next(x for x in P["matters"] if x["name"] == matter)
        rules = [r for r in P["rules"] if r.get("matter") == matter]
        d = {"matter": matter, "decider": decider, "date": DATE}
        if any(r.get("to_next_tier") for r in rules) and self.holder[decider]["is"] == "role":
            b = self.body_for(decider)
            if b is not None:
                d["body"] = b
        if any(r.get("after") is not None for r in rules):
            d["opened"] = DATE
        d["fields"] = {}
        for f in m["fields"]:
            k = ("f", f["name"])
            v = values.get(k, neutral(f)) if k in values else neutral(f)
            d["fields"][f["name"]] = to_json(dict(f, _tiers=P.get("tiers") or []), v)
        if not d["fields"]:
            del d["fields"]
        if cos:
            d["co_signatories"] = list(cos)
        ctx = {}
        for f in P.get("context") or []:
            k = ("c", f["name"])
            ctx[f["name"]] = to_json(dict(f, _tiers=P.get("tiers") or []), values.get(k, neutral(f)))
        if ctx:
            d["context"] = ctx
            typed = {f["name"]: ref.type_value(self.pol, f, ctx[f["name"]]) for f in P.get("context") or []}
        act = {}
        for p in P.get("protocols") or []:
            if p.get("expires_after") is None or not p.get("active_when"):
                continue
            if ref.eval_expr(p["active_when"], (self.pol, {}, typed if ctx else {}, None, DAY)):
                act[p["name"]] = DATE
        if act:
            d["activated"] = act
        if self.holder[decider]["is"] == "body" and self.holder[decider].get("quorum") is not None:
            att = self.meeting(decider, away)
            if att is not None:
                d["attendance"] = att
        return d

    # -- signing (SPEC 11.10, as `remit who` signs, 7.16)

    def alternatives(self, s):
        if s["op"] == "slot":
            return [[(s["who"], s.get("is", "holder"), int(s.get("count", 1)))]]
        if s["op"] == "or":
            out = []
            for a in s["args"]:
                out += self.alternatives(a)
            return out[:MAX_ALTS]
        out = [[]]
        for a in s["args"]:
            out = [x + y for x in out for y in self.alternatives(a)][:MAX_ALTS]
        return out

    def slot_fits(self, h, who, is_):
        if is_ == "kind":
            return self.pol.is_role(h) and who in self.pol.role_kinds(h)
        return h == who

    def signatories(self, decider, cos, with_decider):
        out = [decider] if with_decider else []
        for n in cos:
            if len(out) == MAX_SIGNERS:
                break
            if n in out and not self.many(n):
                continue
            out.append(n)
        return out

    def fills(self, signer, slot):
        return self.slot_fits(signer, *slot)

    def signed(self, g, decider, cos, with_decider):
        """Does some alternative of g have a different signatory for each
        place (the reference evaluator's matching, on this version)?"""
        signers = self.signatories(decider, cos, with_decider)
        return any(ref.Evaluation.match(self, [(w, i) for w, i, c in alt for _ in range(c)], signers)
                   for alt in self.alternatives(g))

    def sign(self, g, decider, cos, with_decider):
        keep = list(cos)

        def signs(h):
            return (with_decider and h == decider) or h in cos
        for alt in self.alternatives(g):
            cos = list(keep)
            for who, is_, need in alt:
                if is_ != "kind":
                    for _ in range(need):
                        if len(cos) < MAX_SIGNERS and (not signs(who) or self.many(who)):
                            cos.append(who)
                    continue
                for h in self.order:
                    if need <= 0 or len(cos) >= MAX_SIGNERS:
                        break
                    if not self.slot_fits(h, who, "kind") or signs(h):
                        continue
                    times = need if self.many(h) else 1
                    for _ in range(times):
                        if len(cos) >= MAX_SIGNERS:
                            break
                        cos.append(h)
                        need -= 1
            if self.signed(g, decider, cos, with_decider):
                return cos
        return keep

    def more_signers(self, decider, cos, result):
        """The co-signatories after one round: those the reasons ask for."""
        cos = list(cos)
        for x in result.get("reasons") or []:
            r = x.get("rule")
            rule = r and self.rule_at.get((r["file"], r["line"]))
            if not rule:
                continue
            if x["kind"] == "joint_decision":
                if rule["from"] not in cos and len(cos) < MAX_SIGNERS:
                    cos.append(rule["from"])
            elif x["kind"] in ("signatures", "co_signature_missing"):
                g = rule.get("signers") if x["kind"] == "signatures" and rule.get("signers") else rule.get("with")
                if g:
                    cos = self.sign(g, decider, cos, x["kind"] == "signatures")
        return cos


def findings_of(result):
    """A result's findings (SPEC 7.12) as the diff compares them: each
    one's kind and due day, in order, and how many more; and its words."""
    finds = tuple((x["kind"], x["due"]) for x in result.get("findings") or [])
    more = result.get("more_findings", 0)
    words = "".join("%s%s due %s" % ("; findings: " if i == 0 else ", ", k.replace("_", " "), d)
                    for i, (k, d) in enumerate(finds))
    if more:
        words += " and %d more" % more
    return (finds, more), words


def answer(result, cos):
    """What the diff compares (SPEC 11.10), and its words."""
    o = result["outcome"]
    finds, fwords = findings_of(result)
    if o == "escalate":
        return ("escalate", result["escalate_to"], (), (), finds), "escalate to %s%s" % (result["escalate_to"], fwords)
    if o != "permitted":
        return (o, None, (), (), finds), o + fwords
    dues = tuple(x.get("due") for x in result.get("obligations") or [])
    words = "permitted"
    if cos:
        words += " co-signed by " + ", ".join(cos)
    if dues:
        words += ", with %d obligation%s" % (len(dues), "" if len(dues) == 1 else "s")
    return (o, None, tuple(cos), dues, finds), words + fwords


def evaluate_all(remit, folder, name, version, cases, raw=None):
    """Each case [(matter, decider, values)] evaluated under one version,
    signed; returns [(signature, words)] (and each result in raw, a list,
    when given: None for one that cannot be read)."""
    cos = [[] for _ in cases]
    res = [None] * len(cases)
    todo = list(range(len(cases)))
    for rnd in range(4):
        path = os.path.join(folder, "sweep-%s.jsonl" % name)
        with open(path, "w", encoding="utf-8") as f:
            for i in todo:
                f.write(json.dumps(cases[i][0](cos[i]), ensure_ascii=False) + "\n")
        rc, out, err = run([remit, "eval", "--no-analyses", name + ".remit", "--batch", path], cwd=folder)
        recs = [json.loads(x) for x in out.splitlines()]
        if rc not in (0, 3, 4, 5, 6) or len(recs) != len(todo):
            raise RuntimeError("remit eval --batch under %s: exit %d, %d records for %d decisions: %s"
                               % (name, rc, len(recs), len(todo), err.strip()[:300]))
        nxt = []
        for i, rec in zip(todo, recs):
            if "error" in rec:  # a case no one can write (a body with a quorum and no seats): not compared
                res[i] = None
                continue
            r = rec["result"]
            res[i] = r
            if r["outcome"] != "permitted" and rnd < 3:
                more = version.more_signers(cases[i][1], cos[i], r)
                if more != cos[i]:
                    cos[i] = more
                    nxt.append(i)
        todo = nxt
        if not todo:
            break
    if raw is not None:
        raw[:] = res
    return [answer(res[i], cos[i]) if res[i] is not None else None for i in range(len(cases))]


# ------------------------------------------------------------ the proof of one pair

def in_values(decl, items, v):
    for it in items:
        if isinstance(it, dict):
            lo, hi = from_json(decl, it["from"]), from_json(decl, it["to"])
            if (lo is None or lo <= v) and (hi is None or v <= hi):
                return True
        elif decl["type"] == "text":
            if it == v:
                return True
        elif decl["type"] == "set":
            # a set stands for every set that meets the same of the lists
            # its rules test it against (SPEC 11.10)
            t = from_json(decl, it)
            names = decl["choices"]
            meets = lambda x, L: any(x >> names.index(c) & 1 for c in L)
            if all(meets(t, L) == meets(v, L) for L in decl["_lists"]):
                return True
        elif from_json(decl, it) == v:
            return True
    return False


def point_in_box(box, keys, decls, allv, rng):
    """A point of the sweep's values inside box, or None."""
    p = {}
    where = {("f", n): v for n, v in box["fields"].items()}
    where.update({("c", n): v for n, v in box["context"].items()})
    for k in keys:
        if k not in where:
            return None
        got = [v for v in allv[k] if in_values(decls[k], where[k], v)]
        if not got:
            return None
        p[k] = rng.choice(got)
    return p


def in_box(box, decls, point):
    for where, key in (("fields", "f"), ("context", "c")):
        for name, items in box[where].items():
            k = (key, name)
            if k not in point or not in_values(decls[k], items, point[k]):
                return False
    return True


def prove_pair(remit, folder, max_points, seed):
    """Problems found in the pair in folder (old.remit, new.remit,
    diff.json), how many decisions were compared, and whether the sweep
    sampled; instead of the problems, "incomplete" or "inexact" when the
    diff says it is not complete or not exact (the pair is not proven)."""
    with open(os.path.join(folder, "diff.json"), encoding="utf-8") as f:
        doc = json.load(f)
    if doc["tried"] != doc["combinations"]:
        return "incomplete", 0, False
    if doc["inexact"]:
        return "inexact", 0, False
    skipped = {(x["matter"], x["decider"]) for x in doc["not_compared"]}
    V = [Version(export(remit, folder, n + ".remit")) for n in ("old", "new")]
    problems = []
    compared = unreadable = 0
    sampled = False
    P0, P1 = V[0].P, V[1].P
    m0 = {m["name"] for m in P0["matters"]}
    h0 = {h["name"] for h in P0["holders"]}
    regions = doc["regions"]
    hit = [False] * len(regions)
    rng = random.Random(seed)
    for m in P1["matters"]:
        if m["name"] not in m0:
            continue
        matter = m["name"]
        d0, d1 = dims_of(P0, matter), dims_of(P1, matter)
        keys = [k for k in d1 if k in d0 and same_decl(P0, d0[k], P1, d1[k])]
        decls = {k: dict(d1[k], _tiers=P1.get("tiers") or []) for k in keys}
        lins, texts, lists = [], {}, {}
        for P in (P0, P1):
            a, b, c = relations(P, matter)
            lins += a
            for k, v in b.items():
                texts.setdefault(k, set()).update(v)
            for k, v in c.items():
                lists.setdefault(k, []).extend(v)
        for k in keys:
            decls[k]["_lists"] = lists.get(k, [])
        for k in texts:
            if OTHER_TEXT in texts[k]:
                raise RuntimeError("the policy mentions the sweep's own text")
        held = {k: neutral(x) for d in (d0, d1) for k, x in d.items() if k not in keys}
        vals, between = values_for(keys, decls, lins, texts, held)
        total = 1
        for k in keys:
            total *= len(vals[k])
        sampled_here = total > max_points
        if total <= max_points:  # every combination of the boundary values
            points = [dict(zip(keys, c)) for c in itertools.product(*[vals[k] for k in keys])]
        else:
            sampled = True
            points = []
            for k in keys:   # every value of each, the others at random
                for v in vals[k]:
                    p = {j: rng.choice(vals[j]) for j in keys}
                    p[k] = v
                    points.append(p)
            while len(points) < max_points:
                points.append({j: rng.choice(vals[j]) for j in keys})
        # and the values between and beyond them: each with the others at
        # random, then as many again at random
        allv = {k: vals[k] + between[k] for k in keys}
        extra = 0
        for k in keys:
            for v in between[k]:
                p = {j: rng.choice(allv[j]) for j in keys}
                p[k] = v
                points.append(p)
                extra += 1
        for _ in range(extra):
            points.append({j: rng.choice(allv[j]) for j in keys})
        common = points
        mregions = [(i, r) for i, r in enumerate(regions) if r["matter"] == matter]
        for decider in [h["name"] for h in P1["holders"] if h["name"] in h0]:
            points = list(common)
            if sampled_here:  # and decisions in each region said, which sampling may miss
                for i, r in mregions:
                    if r["decider"] != decider:
                        continue
                    for box in r["boxes"][:20]:
                        for _ in range(3):
                            p = point_in_box(box, keys, decls, allv, rng)
                            if p is not None:
                                points.append(p)
            cases = []
            for w in (0, 1):
                cases.append([(lambda cos, p=p, w=w: V[w].case(matter, decider, p, decls, cos), decider)
                              for p in points])
            ans = [evaluate_all(remit, folder, n, V[w], cases[w]) for w, n in ((0, "old"), (1, "new"))]
            compared += len(points)
            rs = [(i, r) for i, r in mregions if r["decider"] == decider]
            for p, a0, a1 in zip(points, ans[0], ans[1]):
                if a0 is None or a1 is None:
                    unreadable += 1
                    if (matter, decider) not in skipped:
                        problems.append("a decision of the sweep cannot be read, and the diff compared its decider: "
                                        "%s by %s" % (matter, decider))
                    continue
                if (matter, decider) in skipped:
                    problems.append("the diff did not compare %s by %s, whose decisions can be read" % (matter, decider))
                    continue
                inside = [(i, r) for i, r in rs if any(in_box(b, decls, p) for b in r["boxes"])]
                differ = a0[0] != a1[0]
                where = "%s by %s at %s" % (matter, decider, json.dumps({"%s:%s" % k: to_json(decls[k], v)
                                                                            for k, v in p.items()},
                                                                           ensure_ascii=False))
                if differ and not inside:
                    problems.append("changed outside every region: %s: %s before, %s now" % (where, a0[1], a1[1]))
                for i, r in inside:
                    if not differ:
                        problems.append("in region %d (%s) but answered alike: %s: %s" % (i, r["message"], where,
                                                                                          a0[1]))
                    elif (r["before"], r["now"]) != (a0[1], a1[1]):
                        problems.append("in region %d (%s) but answered %s before, %s now: %s"
                                        % (i, r["message"], a0[1], a1[1], where))
                    else:
                        hit[i] = True
                if len(inside) > 1:
                    problems.append("in %d regions at once: %s" % (len(inside), where))
                if len(problems) > 20:
                    return problems, compared, sampled
            more, n_away = sweep_away(remit, folder, V, matter, decider, points, decls, ans, doc, rng)
            problems += more
            compared += n_away
            if len(problems) > 20:
                return problems, compared, sampled
    compared -= unreadable
    for i, r in enumerate(regions):
        if not hit[i]:
            problems.append("region %d has no decision of the sweep answered differently: %s" % (i, r["message"]))
    return problems, compared, sampled


# What can set a finding of each kind (SPEC 7.12) for one decision, its
# history, register and calendar given: the changes of structure the diff
# says for them (11.10).  Late declarations: the conflicts blocks, and
# the bodies whose members' time in post is counted (7.10); the matter's
# text fields, whose values make an interest count.  Overdue
# ratifications and reports: the crisis protocols (their ratification,
# activation, grants) and the urgent powers (7.9, 7.15).
EXPLAINS = {
    "late_declaration": {"conflicts_changed", "members_changed", "field_added", "field_removed", "field_changed"},
    "ratification_overdue": {"protocol_changed", "urgent_changed", "context_changed", "context_added",
                             "context_removed"},
    "report_overdue": {"protocol_changed", "urgent_changed", "context_changed", "context_added", "context_removed"},
}
FINDINGS_DECISIONS = 60


def sweep_findings(remit, folder, seed, doc):
    """The generator's own decisions of the scheme (with its history,
    register, calendar and interests, which the diff's decisions do not
    have), evaluated under both versions: each whose findings differ must
    have a change of structure said that can set findings of that kind
    (EXPLAINS).  Returns (problems, decisions compared, decisions whose
    findings differ), or None when a version cannot read the inputs."""
    sub = os.path.join(folder, "findings")
    paths = gen.write_scheme(gen.generate(seed, FINDINGS_DECISIONS), sub)
    answers = []
    for name in ("old", "new"):
        cmd = [remit, "eval", "--no-analyses", os.path.join(folder, name + ".remit"), "--batch", paths["decisions"]]
        for opt in ("history", "register", "calendar"):
            if opt in paths:
                cmd += ["--" + opt, paths[opt]]
        rc, out, _ = run(cmd)
        recs = [json.loads(x) for x in out.splitlines()]
        if rc not in (0, 3, 4, 5, 6) or len(recs) != FINDINGS_DECISIONS:
            return None
        answers.append(recs)
    said = {x["kind"] for x in doc["structural"]}
    problems, compared, differ = [], 0, 0
    for i, (a, b) in enumerate(zip(*answers)):
        if "error" in a or "error" in b:
            continue
        compared += 1
        (fa, _), wa = findings_of(a["result"])
        (fb, _), wb = findings_of(b["result"])
        if fa == fb and a["result"].get("more_findings", 0) == b["result"].get("more_findings", 0):
            continue
        differ += 1
        kinds = {k for k, _ in set(fa) ^ set(fb)} or {k for k, _ in fa + fb}
        for k in sorted(kinds):
            if not EXPLAINS.get(k, set()) & said:
                problems.append("findings of kind %s changed with no change of structure said that sets them: "
                                "decision %d of findings/decisions.jsonl: '%s' before, '%s' now"
                                % (k, i + 1, wa.lstrip("; ") or "none", wb.lstrip("; ") or "none"))
    return problems, compared, differ


AWAY_POINTS = 40
AWAY_MORE = 48        # attendances with two or more away tried for a body (sampled beyond)
AWAY_MORE_POINTS = 6  # of the points above, those each is tried at


def seats_of(body, role):
    return sum(m["min"] if m.get("max") is None else m["max"] for m in body.get("members") or [] if m["role"] == role)


def seat_kinds(V, body, roles):
    """What can tell the seats of a role apart from another's at a meeting
    of body, found here from the policy exports (SPEC 4.7, 7.10): which
    quorum terms of each version count it (a role or a kind), and whether
    a `chaired by` or `never chaired by` of either names it (then it
    stands alone)."""
    out = {}
    for r in roles:
        sig, alone = [], False
        for v in V:
            b = v.holder[body]
            for t in (b.get("quorum") or {}).get("terms") or []:
                if t["term"] == "role":
                    sig.append(t["role"] == r)
                elif t["term"] == "kind":
                    sig.append(v.pol.is_role(r) and t["kind"] in v.pol.role_kinds(r))
            alone |= any(v.fits(e, r) for e in (b.get("chaired_by") or []) + (b.get("never_chaired_by") or []))
        out[r] = ("alone", r) if alone else tuple(sig)
    return out


def away_said(said, body, kinds):
    """The attendances with two or more away that the diff says of body,
    each as how many seats of each kind of seat are empty."""
    out = []
    for m in said:
        g = re.match(r"a meeting of .* \((\w+)\) with (.*) away was ", m)
        if not g or g.group(1) != body:
            continue
        n = {}
        for count, role in re.findall(r"(one|\d+) [^,]*? \((\w+)\)", g.group(2)):
            n[kinds.get(role, role)] = n.get(kinds.get(role, role), 0) + (1 if count == "one" else int(count))
        if sum(n.values()) >= 2:
            out.append(n)
    return out


def judge_away(where, ans, raws, full, at, problems):
    """Decisions at a meeting with members away (ans, raws: each
    version's answers and records), each against the same decision at a
    full meeting (full, the sweep's answers), at (index in ans, index in
    full) pairs: answered as at the full meeting where the meeting can
    decide, else refused (problems said).  Returns how many were
    compared, whether the versions find the meeting able to decide
    differently, and whether some decision could show it (its full
    meeting not refused in either)."""
    compared, differ_q, shown = 0, False, False
    for j, i in at:
        if any(x is None for x in (ans[0][j], ans[1][j], full[0][i], full[1][i])):
            continue
        compared += 1
        q = [not any(x.get("kind") in ("not_quorate", "presiding_not_allowed")
                     for x in raws[w][j].get("reasons") or []) for w in (0, 1)]
        for w in (0, 1):
            if q[w] and ans[w][j][0] != full[w][i][0]:
                problems.append("a quorate meeting %s answered %s, at a full meeting %s (%s)"
                                % (where, ans[w][j][1], full[w][i][1], ("old", "new")[w]))
            if not q[w] and ans[w][j][0][0] != "refused":
                problems.append("a meeting that cannot decide %s answered %s (%s)"
                                % (where, ans[w][j][1], ("old", "new")[w]))
        if full[0][i][0][0] != "refused" and full[1][i][0][0] != "refused":
            shown = True
            differ_q |= q[0] != q[1]
    return compared, differ_q, shown


def sweep_away(remit, folder, V, matter, decider, points, decls, full, doc, rng):
    """Decisions at meetings of a body with members away (SPEC 11.10):
    at some of the points swept (AWAY_POINTS), with one seat of each role
    seated in both versions empty; and at fewer (AWAY_MORE_POINTS) with
    two or more away, every count of empty seats of each role (at most
    AWAY_MORE of them).  Where a version finds the meeting
    able to decide (quorate, and its chair one who may preside), the
    decision is answered as at a full meeting (full, the sweep's
    answers), and where it does not, it is refused; a meeting the versions
    find able differently is one the diff says (`meeting_changed`, naming
    the body and the roles away, for two or more by how many seats of
    each kind of seat, seat_kinds), and one it says is found so, where
    some decision shows it (one whose full meeting is not refused, in
    both).
    Returns the problems, and how many decisions were compared."""
    h = [v.holder.get(decider) for v in V]
    if not all(x and x["is"] == "body" and x.get("quorum") is not None for x in h):
        return [], 0
    if any(v.meeting(decider) is None for v in V):
        return [], 0
    seated = [[m["role"] for m in x.get("members") or []] for x in h]
    roles = [r for r in dict.fromkeys(seated[1]) if r in seated[0] and seats_of(h[0], r) and seats_of(h[1], r)]
    said = [x["message"] for x in doc["structural"] if x["kind"] == "meeting_changed"]
    pick = sorted(rng.sample(range(len(points)), min(AWAY_POINTS, len(points))))
    problems, compared = [], 0
    for role in roles:
        raws, ans = [], []
        for w, n in ((0, "old"), (1, "new")):
            cases = [(lambda cos, p=points[i], w=w: V[w].case(matter, decider, p, decls, cos, role), decider)
                     for i in pick]
            raw = []
            ans.append(evaluate_all(remit, folder, n, V[w], cases, raw))
            raws.append(raw)
        named = any("(%s)" % decider in m and "(%s) away" % role in m for m in said)
        n, differ_q, shown = judge_away("%s by %s with one %s away" % (matter, decider, role), ans, raws, full,
                                        list(enumerate(pick)), problems)
        compared += n
        if differ_q != named and (shown or differ_q):
            problems.append("%s with one %s away: able to decide %s in the versions, and the diff %s"
                            % (decider, role, "differently" if differ_q else "alike",
                               "says so" if named else "does not say so")
                            if differ_q or named else "")
    # two or more away: every count of empty seats of each role (sampled
    # beyond AWAY_MORE), at a few of the points; each must be said where
    # the versions find it able to decide differently, by how many seats
    # of each kind of seat are empty (seat_kinds), and not where they
    # do not
    caps = [min(seats_of(h[0], r), seats_of(h[1], r)) for r in roles]
    total = 1
    for c in caps:
        total *= c + 1
    if total <= 4 * AWAY_MORE:
        vectors = [v for v in itertools.product(*[range(c + 1) for c in caps]) if sum(v) >= 2]
    else:
        vectors = [tuple(rng.randint(0, c) for c in caps) for _ in range(4 * AWAY_MORE)]
        vectors = list(dict.fromkeys(v for v in vectors if sum(v) >= 2))
    if len(vectors) > AWAY_MORE:
        vectors = rng.sample(vectors, AWAY_MORE)
    if not vectors:
        return [p for p in problems if p], compared
    kinds = seat_kinds(V, decider, roles)
    told = away_said(said, decider, kinds)
    few = pick[:AWAY_MORE_POINTS]
    raws, ans = [], []
    for w, n in ((0, "old"), (1, "new")):
        cases = [(lambda cos, p=points[i], w=w, a=dict(zip(roles, v)): V[w].case(matter, decider, p, decls, cos, a),
                  decider) for v in vectors for i in few]
        raw = []
        ans.append(evaluate_all(remit, folder, n, V[w], cases, raw))
        raws.append(raw)
    for x, v in enumerate(vectors):
        away = dict((r, c) for r, c in zip(roles, v) if c)
        where = "%s by %s with %s away" % (matter, decider, ", ".join("%d %s" % (c, r) for r, c in away.items()))
        byk = {}
        for r, c in away.items():
            byk[kinds[r]] = byk.get(kinds[r], 0) + c
        named = byk in told
        n, differ_q, shown = judge_away(where, ans, raws, full, [(x * len(few) + j, i) for j, i in enumerate(few)],
                                        problems)
        compared += n
        if differ_q != named and (shown or differ_q):
            problems.append("%s: able to decide %s in the versions, and the diff %s"
                            % (where, "differently" if differ_q else "alike",
                               "says so" if named else "does not say so"))
    return [p for p in problems if p], compared


def make_pair(remit, folder, seed):
    """A scheme and a mutation that both check, in folder; what was done,
    or None."""
    rng = random.Random(seed)
    s = gen.generate(seed, 0)
    old = s.policy
    with open(os.path.join(folder, "old.remit"), "w", encoding="utf-8") as f:
        f.write(old)
    if export(remit, folder, "old.remit") is None:
        return None
    for _ in range(30):
        got = mutate(old, rng)
        if got is None or got[0] == old:
            continue
        with open(os.path.join(folder, "new.remit"), "w", encoding="utf-8") as f:
            f.write(got[0])
        if export(remit, folder, "new.remit") is not None:
            return got[1]
    return None


def one(job):
    remit, out, seed, max_points, keep = job
    folder = tempfile.mkdtemp(prefix="diffproof-")
    try:
        what = make_pair(remit, folder, seed)
        if what is None:
            return seed, "skipped", None, 0, False, (0, 0, 0)
        rc, doc, err = run([remit, "diff", "--format", "json", "old.remit", "new.remit"], cwd=folder)
        if rc not in (0, 1):
            return seed, "failed", ["remit diff exit %d: %s" % (rc, err.strip()[:300])], 0, False, (0, 0, 0)
        with open(os.path.join(folder, "diff.json"), "w", encoding="utf-8") as f:
            f.write(doc)
        found = sweep_findings(remit, folder, seed, json.loads(doc))
        fstats = (1, found[1], found[2]) if found else (0, 0, 0)
        try:
            problems, compared, sampled = prove_pair(remit, folder, max_points, seed)
        except RuntimeError as e:
            problems, compared, sampled = [str(e)], 0, False
        if isinstance(problems, str):  # not complete, or not exact: the findings are proven all the same
            if not (found and found[0]):
                return seed, problems, None, 0, False, fstats
            problems = []
        if found:
            problems = problems + found[0]
        status = "failed" if problems else "proven"
        if problems or keep:
            dest = os.path.join(out, "pair-%d" % seed)
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(folder, dest)
            with open(os.path.join(dest, "problems.txt"), "w", encoding="utf-8") as f:
                f.write("mutation: %s\n" % what)
                for p in problems:
                    f.write(p + "\n")
        return seed, status, (problems, what), compared, sampled, fstats
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description="prove remit diff on generated pairs of a scheme and a mutation")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=100)
    ap.add_argument("--remit", default=os.path.join(HERE, "..", "..", "build", "remit"))
    ap.add_argument("--out", default="build/diffproof")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max-points", type=int, default=3000,
                    help="combinations of values a matter and decider beyond which the sweep samples")
    ap.add_argument("--only", type=int, help="run only pair I")
    ap.add_argument("--keep", action="store_true", help="keep every pair's folder under OUT")
    a = ap.parse_args(argv)
    remit = os.path.abspath(a.remit)
    if not os.access(remit, os.X_OK):
        print("diffproof: %s is not an executable remit" % remit, file=sys.stderr)
        return 2
    os.makedirs(a.out, exist_ok=True)
    seeds = [a.seed * 1000003 + i for i in range(a.pairs)] if a.only is None else [a.seed * 1000003 + a.only]
    jobs = [(remit, os.path.abspath(a.out), s, a.max_points, a.keep) for s in seeds]
    if a.jobs > 1:
        import multiprocessing
        with multiprocessing.Pool(a.jobs) as pool:
            results = pool.map(one, jobs, chunksize=1)
    else:
        results = [one(j) for j in jobs]
    count = {"proven": 0, "failed": 0, "incomplete": 0, "inexact": 0, "skipped": 0}
    compared = sampled = 0
    fsum = [0, 0, 0]
    for seed, status, info, n, smp, fst in results:
        fsum = [x + y for x, y in zip(fsum, fst)]
        count[status] += 1
        compared += n
        sampled += smp and status == "proven"
        if status == "failed":
            problems, what = info if isinstance(info, tuple) else (info, "?")
            print("FAIL pair %d (%s): %d problem%s, first: %s" % (seed, what, len(problems),
                                                                 "" if len(problems) == 1 else "s", problems[0]))
    if count["skipped"]:
        print("(%d generated schemes had no mutation that checks, or did not check themselves)" % count["skipped"])
    if sampled:
        print("(%d of the pairs proven were swept by sampling: more than %d combinations of values)"
              % (sampled, a.max_points))
    print("(findings: %d decisions of the generator, with its histories, registers and interests, compared in %d "
          "pairs; %d with findings that differ, each with a change of structure said that sets them)"
          % (fsum[1], fsum[0], fsum[2]))
    print("diffproof: %d pairs proven (%d decisions compared), %d not complete, %d not exact, %d failed"
          % (count["proven"], compared, count["incomplete"], count["inexact"], count["failed"]))
    return 1 if count["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
