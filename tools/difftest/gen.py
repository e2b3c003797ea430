#!/usr/bin/env python3
"""Random Remit schemes and decisions for differential testing.

gen.generate(seed, n_decisions) -> Scheme, with
    scheme.policy      the .remit text (checks clean with `remit check`)
    scheme.decisions   a list of decision dicts (SPEC 7.1)
    scheme.history     a list of history entries (SPEC 7.1.4), or None
    scheme.register    a register dict (SPEC 7.1.5), or None

Everything comes from one random.Random(seed): the same seed always gives
the same scheme and the same decisions.

    python3 tools/difftest/gen.py --seed 7 --decisions 50 --out DIR
writes DIR/policy.remit, DIR/decisions.jsonl, DIR/history.json and
DIR/register.json (the last two when the scheme uses them).

Python 3 standard library only.
"""
import argparse
import datetime
import json
import os
import random
import re
import sys

EPOCH = datetime.date(1970, 1, 1)

FIELD_TYPES = ["money", "days", "date", "score", "percent", "number", "bool",
               "text", "choice", "set", "tier"]
BODY_KINDS = ["board", "committee", "sub_committee", "joint_committee",
              "partnership", "team", "collaborative", "forum", "group"]
ACTIONS = ["declare", "exclude from discussion", "exclude from vote",
           "chair decides", "withdraw"]
TEXTS = ["Acme Ltd", "Beta Health", "Gamma Care", "Delta", "North Vale Trust",
         "Zoë Café", "The \"Quoted\" Co", "Back\\slash £5"]
PEOPLE = ["Ann Ash", "Bo Birch", "Cy Cedar", "Di Elm", "Ed Fir", "Flo Oak",
          "Gus Pine", "Hal Yew"]
CMPS = ["<", "<=", ">", ">=", "=", "!="]


def qstr(text):
    """Quoted text in a policy (SPEC 2.5.6): only \\ and \" escaped."""
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def d2s(days):
    """Days since 1970-01-01 -> YYYY-MM-DD."""
    return (EPOCH + datetime.timedelta(days=days)).isoformat()


def s2d(text):
    return (datetime.date.fromisoformat(text) - EPOCH).days


BASE = s2d("2026-01-01")


# ---------------------------------------------------------------- literals

def add_months(z, n):
    """Day z plus n calendar months, the day clamped to the month's end."""
    d = EPOCH + datetime.timedelta(days=z)
    k = d.year * 12 + d.month - 1 + n
    y, m = k // 12, k % 12 + 1
    last = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return (datetime.date(y, m, min(d.day, last)) - EPOCH).days


def fmt_money(rng, pence):
    """An amount of money, written one of the ways SPEC 2.5.1 allows."""
    pounds, p = divmod(pence, 100)
    forms = []
    if p == 0:
        forms.append("£%d" % pounds)
        forms.append("£{:,}".format(pounds))
        if pounds % 1000 == 0 and pounds:
            forms.append("£%dk" % (pounds // 1000))
        if pounds % 1000000 == 0 and pounds:
            forms.append("£%dm" % (pounds // 1000000))
        if pounds % 100000 == 0 and pounds % 1000000 and pounds > 1000000:
            forms.append("£%d.%dm" % (pounds // 1000000, (pounds % 1000000) // 100000))
        if pounds % 100 == 0 and pounds % 1000 and pounds > 1000:
            forms.append("£%d.%dk" % (pounds // 1000, (pounds % 1000) // 100))
    forms.append("£%d.%02d" % (pounds, p))
    forms.append("£{:,}.{:02d}".format(pounds, p))
    return rng.choice(forms)


def money_json(pence):
    pounds, p = divmod(pence, 100)
    return "£{:,}.{:02d}".format(pounds, p) if p else "£{:,}".format(pounds)


def fmt_pct(bp):
    return "%d%%" % (bp // 100) if bp % 100 == 0 else "%d.%02d%%" % (bp // 100, bp % 100)


def fmt_days(rng, n):
    if n % 7 == 0 and n and rng.random() < 0.3:
        return "%d week%s" % (n // 7, "" if n == 7 else "s")
    return "%d day%s" % (n, "" if n == 1 else "s")


# ---------------------------------------------------------------- the scheme

class Field:
    def __init__(self, name, ftype, lo=None, hi=None, choices=None):
        self.name, self.type, self.lo, self.hi = name, ftype, lo, hi
        self.choices = choices or []

    def decl(self):
        if self.type == "score":
            return "%s: score %d..%d" % (self.name, self.lo, self.hi)
        if self.type == "choice":
            return "%s: one of { %s }" % (self.name, ", ".join(self.choices))
        if self.type == "set":
            return "%s: set of { %s }" % (self.name, ", ".join(self.choices))
        return "%s: %s" % (self.name, self.type)


class Scheme:
    def __init__(self):
        self.policy = ""
        self.decisions = []
        self.history = None
        self.register = None
        self.calendar = None


class Gen:
    def __init__(self, seed, scale=1):
        self.rng = random.Random(seed)
        self.no_total = False   # inside a cumulative limit's `when`
        self.approvals = []     # (delegate, approver) of `may subdelegate if approved by`
        self.priors = []        # (matter, holder) of `after approval by`
        self.prior_texts = []   # (matter, holder, " per f" or "") of each different one
        self.total_texts = {}   # (matter, type) -> the different `total ...` texts of its conditions
        # the constructs of SPEC 2.5.5 and 5.8 (calendar months, named
        # periods, the decision's `date`) draw from a stream of their own,
        # so that every scheme is otherwise what its seed gave before them
        self.rng2 = random.Random(seed * 1000003 + 17)
        # urgent powers (SPEC 4.24, 7.15) draw from a third stream, and are
        # written after everything else: a scheme without them is what its
        # seed gave before them
        self.rng3 = random.Random(seed * 7919 + 29)
        # who presides at a body's meetings (SPEC 4.7, 7.10): a fourth stream
        self.rng4 = random.Random(seed * 104729 + 31)
        # deadlines at a body's next meeting, and the calendar (SPEC 4.18,
        # 7.1.6): a fifth stream
        self.rng5 = random.Random(seed * 15485863 + 37)
        # roles held for a time in the register (SPEC 7.1.5): a sixth stream
        self.rng6 = random.Random(seed * 32452843 + 41)
        self.holdings = {}      # name -> [(role, first day, last day)]
        # reports made of urgent decisions in the history (SPEC 7.1.4,
        # 7.15): a seventh stream
        self.rng7 = random.Random(seed * 49979687 + 43)
        self.meeting_deadlines = 0
        self.urgents = []        # (matter, body, holder, co-signing role or None)
        self.urgent_lines = []
        self.seed = seed
        # how much larger than the usual small scheme: more holders, and
        # more delegations per matter (1 gives exactly the schemes that
        # every seed always gave)
        self.scale = scale
        self.counter = 0
        self.lines = []
        # thresholds: (scope, field) -> set of native values; scope is a
        # matter name or "" for context values
        self.thr = {}
        self.rules = []          # dicts: kind, matter, label, ...
        self.labels = {}         # matter -> [labels]

    def name(self, prefix):
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def chance(self, p):
        return self.rng.random() < p

    def note(self, scope, field, value):
        self.thr.setdefault((scope, field), set()).add(value)

    # ------------------------------------------------------------ declarations
    def build_structure(self):
        r = self.rng
        self.tiers = []
        if self.chance(0.75):
            self.tiers = [self.name("t") for _ in range(r.randint(1, 4))]
        self.kinds = [self.name("k") for _ in range(r.randint(0, 3))]
        n_holders = r.randint(3, 12 * self.scale)
        n_bodies = r.randint(1, min(4, n_holders - 2))
        n_roles = n_holders - n_bodies
        self.roles = []
        for _ in range(n_roles):
            ks = r.sample(self.kinds, r.randint(0, min(2, len(self.kinds)))) if self.kinds else []
            tier = r.choice(self.tiers) if self.tiers and self.chance(0.4) else None
            self.roles.append({"name": self.name("r"), "kinds": ks, "tier": tier})
        self.bodies = []
        for i in range(n_bodies):
            reports = []
            if i > 0 and self.chance(0.85):
                reports = r.sample([b["name"] for b in self.bodies],
                                   r.randint(1, min(2, i)))
            tier = None
            if self.tiers and self.chance(0.85):
                # lower bodies tend to sit lower
                top = len(self.tiers) - 1
                tier = self.tiers[max(0, top - i - r.randint(0, 1))]
            self.bodies.append({"name": self.name("b"), "reports": reports, "tier": tier,
                                "kind": r.choice(BODY_KINDS) if self.chance(0.8) else None,
                                "members": [], "quorum": None})
        for b in self.bodies:
            if self.roles and self.chance(0.8):
                mem = r.sample(self.roles, r.randint(1, min(5, len(self.roles))))
                for m in mem:
                    c = r.random()
                    if c < 0.4:
                        b["members"].append((m["name"], 1, 1, m["name"]))
                    elif c < 0.6:
                        n = r.randint(2, 4)
                        b["members"].append((m["name"], n, n, "%d %s" % (n, m["name"])))
                    elif c < 0.8:
                        n = r.randint(0, 3)
                        b["members"].append((m["name"], n, None, "%d+ %s" % (n, m["name"])))
                    else:
                        lo = r.randint(1, 2)
                        hi = lo + r.randint(0, 3)
                        b["members"].append((m["name"], lo, hi, "%d..%d %s" % (lo, hi, m["name"])))
            if self.chance(0.7):
                terms = []
                for _ in range(r.randint(1, 3)):
                    c = r.random()
                    if c < 0.25:
                        terms.append("majority")
                    elif c < 0.35:
                        terms.append("all")
                    elif c < 0.5:
                        terms.append(str(r.randint(1, 5)))
                    elif c < 0.65:
                        terms.append(fmt_pct(r.choice([2500, 3333, 5000, 6000, 7500, 10000])))
                    elif c < 0.85 and b["members"]:
                        terms.append("%d %s" % (r.randint(1, 2), r.choice(b["members"])[0]))
                    elif self.kinds:
                        terms.append("%d %s" % (r.randint(1, 2), r.choice(self.kinds)))
                    else:
                        terms.append("majority")
                # SPEC 4.7, on the stream of the newer constructs: a
                # fraction in words, a role alone, alternatives in brackets
                r2 = self.rng2
                c2 = r2.random()
                roles_in = sorted({mm[0] for mm in b["members"]})
                if c2 < 0.15:
                    terms.append(r2.choice(["one half", "two thirds", "three quarters", "one third",
                                            "three fifths"]))
                elif c2 < 0.25 and roles_in:
                    terms.append(r2.choice(roles_in))
                elif c2 < 0.4 and len(roles_in) >= 2:
                    alts = r2.sample(roles_in, r2.randint(2, min(3, len(roles_in))))
                    terms.append("(%s)" % " or ".join(
                        x if r2.random() < 0.5 else "%d %s" % (r2.randint(1, 2), x) for x in alts))
                b["quorum"] = " and ".join(terms)
        # SPEC 4.7: who presides, in order, and who never does: roles of
        # the members or kinds, never one in both lines (R0521)
        r4 = self.rng4
        for b in self.bodies:
            b["chairs"], b["never"] = [], []
            if not b["members"] or r4.random() < 0.6:
                continue
            places = sorted({mm[0] for mm in b["members"]}) + list(self.kinds)
            r4.shuffle(places)
            n = r4.randint(0, min(3, len(places)))
            b["chairs"] = places[:n]
            rest = places[n:]
            if rest and (r4.random() < 0.5 or not n):
                b["never"] = rest[:r4.randint(1, min(2, len(rest)))]
        self.holders = [h["name"] for h in self.roles] + [b["name"] for b in self.bodies]
        self.body_names = [b["name"] for b in self.bodies]
        self.role_names = [x["name"] for x in self.roles]
        self.roots = [b["name"] for b in self.bodies if not b["reports"]]
        self.body_by = {b["name"]: b for b in self.bodies}
        self.quorate = [b["name"] for b in self.bodies if b["quorum"]]
        self.role_by = {x["name"]: x for x in self.roles}

    def make_field(self, ftype, prefix="f"):
        r = self.rng
        nm = self.name(prefix)
        if ftype == "score":
            lo = r.choice([0, 1, 1, 0])
            return Field(nm, ftype, lo, lo + r.choice([4, 9, 24]))
        if ftype in ("choice", "set"):
            return Field(nm, ftype, choices=[self.name("x") for _ in range(r.randint(2, 5))])
        return Field(nm, ftype)

    def build_matters(self):
        r = self.rng
        self.matters = []
        for _ in range(r.randint(1, 3)):
            types = []
            nmoney = r.choice([1, 1, 1, 1, 0, 2])
            types += ["money"] * nmoney
            if self.chance(0.6):
                types.append("text")
            for t in r.sample(FIELD_TYPES, r.randint(1, 5)):
                if t == "tier" and not self.tiers:
                    continue
                if t in ("money", "text") and t in types:
                    continue
                types.append(t)
            r.shuffle(types)
            fields = [self.make_field(t) for t in types]
            self.matters.append({"name": self.name("m"), "fields": fields})
        self.matter_by = {m["name"]: m for m in self.matters}
        self.context = []
        if self.chance(0.7):
            ctypes = ["score"] + r.sample(["bool", "money", "days", "date", "number",
                                           "percent", "choice", "text", "tier"], r.randint(0, 3))
            for t in ctypes:
                if t == "tier" and not self.tiers:
                    continue
                self.context.append(self.make_field(t, "v"))
        # constants
        self.consts = {}    # name -> (type, native value)
        for _ in range(r.randint(0, 4)):
            t = r.choice(["money", "days", "date", "number", "percent"])
            nm = self.name("c")
            v = self.rand_value_native(Field(nm, t))
            self.consts[nm] = (t, v)
            self.const_lines.append("const %s = %s" % (nm, self.lit(t, v)))
        # a constant computed from another: money plus money, days plus weeks
        for t, step in (("money", lambda: r.randint(1, 1000) * 100),
                        ("days", lambda: r.randint(1, 4) * 7)):
            same = [n for n, (ct, _) in self.consts.items() if ct == t]
            if same and self.chance(0.5):
                base, add = r.choice(same), step()
                nm = self.name("c")
                self.consts[nm] = (t, self.consts[base][1] + add)
                self.const_lines.append("const %s = %s + %s" % (nm, base, self.lit(t, add)))

    # ------------------------------------------------------------ values
    def rand_value_native(self, f):
        r = self.rng
        t = f.type
        if t == "money":
            return r.choice([r.randint(0, 100) * 100, r.randint(1, 500) * 100000,
                             r.randint(0, 10000000), r.randint(1, 50) * 1000000 * 100,
                             r.randint(1, 99) * 1000 * 100])
        if t == "days":
            return r.randint(1, 60)
        if t == "date":
            return BASE + r.randint(-30, 400)
        if t == "score":
            return r.randint(f.lo, f.hi)
        if t == "percent":
            return r.choice([r.randint(0, 100) * 100, r.randint(0, 10000), r.randint(1, 40) * 250])
        if t == "number":
            return r.randint(0, 50)
        if t == "bool":
            return r.random() < 0.5
        if t == "text":
            return r.choice(TEXTS)
        if t == "tier":
            return r.choice(self.tiers)
        if t == "choice":
            return r.choice(f.choices)
        if t == "set":
            return r.sample(f.choices, r.randint(0, len(f.choices)))
        raise ValueError(t)

    def lit(self, t, v):
        r = self.rng
        if t == "money":
            return fmt_money(r, v)
        if t == "days":
            return fmt_days(r, v)
        if t == "date":
            return d2s(v)
        if t == "percent":
            return fmt_pct(v)
        if t in ("score", "number"):
            return str(v)
        if t == "bool":
            return "true" if v else "false"
        if t == "text":
            return qstr(v)
        return v

    def const_of(self, t, v):
        """A literal for a fixed value, or sometimes a constant of that value."""
        for nm, (ct, cv) in self.consts.items():
            if ct == t and cv == v and self.chance(0.5):
                return nm
        return self.lit(t, v)

    # ------------------------------------------------------------ expressions
    def atom(self, fields, scope_of):
        """One test (atom_main), now and then replaced by one on a date
        field in calendar months, or on the decision's `date` (SPEC 2.5.5,
        5.5)."""
        text = self.atom_main(fields, scope_of)
        r2 = self.rng2
        in_rule = any(sc for _, sc in fields) and not self.no_total
        if in_rule and r2.random() < 0.08:  # who decides or signs (SPEC 5.9)
            subject = r2.choice(["decider", "decider", "co_signatory"])
            c = r2.random()
            if c < 0.4 or not (self.kinds or self.bodies):
                return "%s is %s" % (subject, r2.choice(self.holders))
            if c < 0.7 and self.kinds:
                return "%s is %s" % (subject, r2.choice(self.kinds))
            if self.body_names:
                return "%s is member of %s" % (subject, r2.choice(self.body_names))
            return "%s is %s" % (subject, r2.choice(self.holders))
        dates = [(f, sc) for f, sc in fields if f.type == "date"]
        if not dates or r2.random() >= 0.12:
            return text
        f, scope = r2.choice(dates)
        n = r2.choice([1, 2, 3, 6, 12, 18, 24, 60])
        unit = "months" if n % 12 or r2.random() < 0.4 else "years"
        k = n if unit == "months" else n // 12
        op = r2.choice(CMPS)
        if scope and r2.random() < 0.5:  # in a rule's clauses: the decision's own date
            return "date %s %s + %d %s" % (op, f.name, k, unit)
        v = BASE + r2.randint(-30, 400)
        self.note(scope, f.name, add_months(v, -n))
        sign = r2.choice(["+", "-"])
        if sign == "-":
            self.note(scope, f.name, add_months(v, n))
        return "%s %s %d %s %s %s" % (f.name, sign, k, unit, op, d2s(v))

    def edge_day(self, day):
        """Now and then, instead of day, the first or last day of a month
        near it, or a day either side: where calendar periods (SPEC 5.8)
        and month ends (2.5.5) change."""
        r2 = self.rng2
        if r2.random() >= 0.3:
            return day
        first = add_months(day - (EPOCH + datetime.timedelta(days=day)).day + 1, r2.randint(-1, 1))
        return first + r2.choice([-1, 0, 0, 1]) + (27 if r2.random() < 0.2 else 0)

    def maybe_period(self, text):
        """The period of a cumulative limit or a total: now and then a
        named period or calendar months instead of text (SPEC 5.8)."""
        r2 = self.rng2
        c = r2.random()
        if c < 0.2:
            return r2.choice(["financial year", "financial quarter", "calendar month",
                              "calendar quarter", "calendar year"])
        if c < 0.32:
            return "%d months" % r2.randint(1, 18)
        if c < 0.36:
            return "%d years" % r2.randint(1, 3)
        return text

    def atom_main(self, fields, scope_of):
        """One test over a field or context value.  fields: list of
        (Field, scope)."""
        r = self.rng
        f, scope = r.choice(fields)
        t = f.type
        if t in ("money", "days", "date", "percent", "number", "score"):
            # prefer a constant of the type now and then
            consts = [n for n, (ct, cv) in self.consts.items() if ct == t]
            if consts and self.chance(0.25):
                c = r.choice(consts)
                self.note(scope, f.name, self.consts[c][1])
                return "%s %s %s" % (f.name, r.choice(CMPS), c)
            v = self.rand_value_native(f)
            same = [(g, sc) for g, sc in fields if g.type == t and g is not f]
            if same and self.chance(0.1):
                g = r.choice(same)[0]
                return "%s %s %s" % (f.name, r.choice(CMPS), g.name)
            # a total of earlier decisions (SPEC 5.7): of a money or
            # number field of the rule's matter, maybe per a text or
            # choice field, over a period or the whole history; never in a
            # cumulative limit's own `when` (R0413)
            if t in ("money", "number") and scope and not self.no_total and self.chance(0.12):
                groups = [g for g in self.matter_by[scope]["fields"] if g.type in ("text", "choice")]
                text = "total %s" % f.name
                if groups and self.chance(0.6):
                    text += " per %s" % r.choice(groups).name
                if self.chance(0.7):
                    period, _ = self.days_term(r.randint(1, 400))
                    period = self.maybe_period(period)
                    text += " over %s" % (period if len(period.split()) <= 2 else "(%s)" % period)
                if t == "number":
                    v = r.randint(1, 100)
                mine = self.total_texts.setdefault((scope, t), [])
                if text not in mine:
                    if sum(len(x) for (sc, _), x in self.total_texts.items() if sc == scope) >= 8:
                        text = r.choice(mine) if mine else None  # R0413: at most 8 a matter
                    else:
                        mine.append(text)
                if text is not None:
                    self.note(scope, f.name, v)
                    return "%s %s %s" % (text, r.choice(CMPS), self.lit(t, v))
            # products (SPEC 5.3): a score times a score or a fixed
            # number; a number times a fixed number; money, days or a
            # percentage times a score
            scores = [(g, sc) for g, sc in fields if g.type == "score" and g is not f]
            if t == "score" and self.chance(0.2):
                a = self.rand_value_native(f)
                self.note(scope, f.name, a)
                if scores and self.chance(0.6):
                    g, gs = r.choice(scores)
                    b = self.rand_value_native(g)
                    self.note(gs, g.name, b)
                    return "%s * %s %s %d" % (f.name, g.name, r.choice(CMPS), a * b)
                c = r.randint(1, 4)
                return "%s * %d %s %d" % (f.name, c, r.choice(CMPS), a * c)
            if t == "number" and self.chance(0.1):
                c = r.randint(2, 5)
                self.note(scope, f.name, v // c)
                return "%s * %d %s %d" % (f.name, c, r.choice(CMPS), v)
            if t in ("money", "days", "percent") and scores and self.chance(0.1):
                g, gs = r.choice(scores)
                b = self.rand_value_native(g)
                self.note(gs, g.name, b)
                self.note(scope, f.name, v // b if b else v)
                left = "%s * %s" % (f.name, g.name) if self.chance(0.5) else "%s * %s" % (g.name, f.name)
                return "%s %s %s" % (left, r.choice(CMPS), self.lit(t, v))
            if t in ("number", "percent") and self.chance(0.15):
                add = r.randint(1, 5) * (1 if t == "number" else 100)
                sign = r.choice(["+", "-"])
                self.note(scope, f.name, v - add if sign == "+" else v + add)
                return "%s %s %s %s %s" % (f.name, sign, self.lit(t, add), r.choice(CMPS), self.lit(t, v))
            if t == "date" and self.chance(0.1):
                n = r.randint(1, 60)
                self.note(scope, f.name, v + n)
                return "%s - %s %s %s" % (f.name, d2s(v), r.choice(CMPS), fmt_days(r, n))
            if t == "money" and self.chance(0.05):
                self.note(scope, f.name, v)
                return "-%s %s -%s" % (f.name, r.choice(CMPS), fmt_money(r, v))
            if t in ("money",) and self.chance(0.15):
                add = r.randint(1, 100) * 100
                self.note(scope, f.name, v - add)
                return "%s + %s %s %s" % (f.name, fmt_money(r, add), r.choice(CMPS), fmt_money(r, v))
            if t == "date" and self.chance(0.25):
                add = r.randint(1, 30)
                self.note(scope, f.name, v - add)
                return "%s + %s %s %s" % (f.name, fmt_days(r, add), r.choice(CMPS), d2s(v))
            self.note(scope, f.name, v)
            if self.chance(0.15):
                flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
                op = r.choice(CMPS)
                return "%s %s %s" % (self.lit(t, v), flip[op], f.name)
            return "%s %s %s" % (f.name, r.choice(CMPS), self.lit(t, v))
        if t == "bool":
            c = r.random()
            if c < 0.5:
                return f.name
            if c < 0.75:
                return "not %s" % f.name
            return "%s = %s" % (f.name, r.choice(["true", "false"]))
        if t == "text":
            return "%s %s %s" % (f.name, r.choice(["=", "!="]), qstr(r.choice(TEXTS)))
        if t == "tier":
            if self.chance(0.5):
                return "%s %s %s" % (f.name, r.choice(CMPS), r.choice(self.tiers))
            return "%s %s { %s }" % (f.name, r.choice(["in", "not in"]),
                                    ", ".join(r.sample(self.tiers, r.randint(1, len(self.tiers)))))
        if t == "choice":
            if self.chance(0.4):
                return "%s %s %s" % (f.name, r.choice(["=", "!="]), r.choice(f.choices))
            return "%s %s { %s }" % (f.name, r.choice(["in", "not in"]),
                                    ", ".join(r.sample(f.choices, r.randint(1, len(f.choices)))))
        if t == "set":
            return "%s %s { %s }" % (f.name, r.choice(["in", "not in"]),
                                    ", ".join(r.sample(f.choices, r.randint(1, len(f.choices)))))
        raise ValueError(t)

    def cond(self, fields, depth=0):
        r = self.rng
        if not fields:
            # a matter with no fields and no context values: a fixed
            # condition (never None, which would be written `when None`)
            return r.choice(["true", "false"])
        c = r.random()
        if depth >= 2 or c < 0.55:
            return self.atom(fields, None)
        if c < 0.8:
            return "%s and %s" % (self.cond(fields, depth + 1), self.cond(fields, depth + 1))
        if c < 0.93:
            return "(%s or %s)" % (self.cond(fields, depth + 1), self.cond(fields, depth + 1))
        return "not (%s)" % self.cond(fields, depth + 1)

    def narrow(self, fields):
        """A condition that holds less often: two tests joined by and."""
        if self.chance(0.5):
            return "%s and %s" % (self.cond(fields, 1), self.cond(fields, 1))
        return self.cond(fields)

    def mfields(self, m, ctx=True):
        out = [(f, m["name"]) for f in m["fields"]]
        if ctx:
            out += [(f, "") for f in self.context]
        return out

    def limit_cond(self, m):
        """The restricted shape of `limit`: field-vs-fixed tests joined by and."""
        r = self.rng
        parts = []
        cands = [f for f in m["fields"] if f.type in ("money", "days", "date", "percent",
                                                      "number", "score", "choice", "set", "tier")]
        if not cands:
            return None
        for _ in range(r.randint(1, 2)):
            f = r.choice(cands)
            if f.type in ("choice", "set"):
                parts.append("%s %s { %s }" % (f.name, r.choice(["in", "not in"]),
                                              ", ".join(r.sample(f.choices, r.randint(1, len(f.choices))))))
            elif f.type == "tier":
                parts.append("%s %s %s" % (f.name, r.choice(["<", "<=", ">=", "="]), r.choice(self.tiers)))
            else:
                v = self.rand_value_native(f)
                self.note(m["name"], f.name, v)
                parts.append("%s %s %s" % (f.name, r.choice(["<", "<=", ">", ">=", "!="]),
                                          self.const_of(f.type, v)))
        return " and ".join(parts)

    def signers(self, depth=0):
        r = self.rng

        def slot():
            out = slot_text()
            name = out.split()[-1]
            # who could fill it: the holder itself, or the roles of the kind
            self.signer_pool.update([name] if name in self.holders else
                                    [x["name"] for x in self.roles if name in x["kinds"]])
            return out

        def slot_text():
            c = r.random()
            if c < 0.45 and self.role_names:
                return r.choice(self.role_names)
            if c < 0.6 and self.kinds:
                return "%s%s" % (("%d " % r.randint(1, 2)) if self.chance(0.5) else "", r.choice(self.kinds))
            if c < 0.8 and self.role_names:
                return "%d %s" % (r.randint(1, 3), r.choice(self.role_names))
            return r.choice(self.holders)
        if depth >= 1 or self.chance(0.5):
            return slot()
        c = r.random()
        if c < 0.5:
            return "%s and %s" % (self.signers(depth + 1), self.signers(depth + 1))
        if c < 0.8:
            return "%s or %s" % (self.signers(depth + 1), self.signers(depth + 1))
        return "%s and (%s or %s)" % (slot(), slot(), slot())

    def within(self, m):
        """An obligation's deadline: none, within N days, and now and then
        (on the stream of SPEC 4.18's constructs) by the end of a named
        period, alone or whichever is earlier."""
        r = self.rng
        text = "" if self.chance(0.25) else " within %s" % self.days_term(r.randint(1, 60), p_const=0.35)[0]
        r2 = self.rng2
        c = r2.random()
        if c < 0.25:
            end = " by end of %s" % r2.choice(["financial year", "financial quarter", "calendar month",
                                               "calendar quarter", "calendar year"])
            text = text + " or" + end if text and c < 0.12 else end
        return text

    def days_term(self, n, m=None, p_const=0.3):
        """A fixed length of time of about n days (SPEC 4, R0410: never a
        field or context value): mostly a literal, now and then a constant
        or constant arithmetic (`c4 + 1 week`, `2 weeks + 3 days`).
        Returns (text, days)."""
        r = self.rng
        consts = [c for c, (t, v) in self.consts.items() if t == "days" and v >= 1]
        if consts and self.chance(p_const):
            c = r.choice(consts)
            v = self.consts[c][1]
            if self.chance(0.35):
                add = r.randint(1, 14)
                return "%s + %s" % (c, fmt_days(r, add)), v + add
            return c, v
        if n > 7 and n % 7 and self.chance(0.1):
            w = r.randint(1, n // 7)
            return "%s + %s" % (fmt_days(r, 7 * w), fmt_days(r, n - 7 * w)), n
        return fmt_days(r, n), n

    def at_meeting(self, text):
        """Now and then the deadline of an obligation to a body is its next
        meeting, alone or whichever is earlier (SPEC 4.18)."""
        r5 = self.rng5
        if r5.random() >= 0.3:
            return text
        self.meeting_deadlines += 1
        if text.startswith(" within") and " or " not in text and r5.random() < 0.5:
            return text + " or at next meeting"
        return " at next meeting"

    def obligations(self, m, n_min=0):
        r = self.rng
        out = []
        for _ in range(r.randint(n_min, 3)):
            c = r.random()
            if c < 0.3:
                out.append("report to %s%s" % (r.choice(self.body_names), self.at_meeting(self.within(m))))
            elif c < 0.5:
                out.append('record in "%s"%s' % (r.choice(["decision log", "risk register",
                                                             "register of gifts"]), self.within(m)))
            elif c < 0.65:
                out.append("publish%s" % self.within(m))
            elif c < 0.85:
                out.append("notify %s%s" % (r.choice(self.holders), self.within(m)))
            else:
                out.append("ratify by %s%s" % (r.choice(self.body_names), self.at_meeting(self.within(m))))
        return out

    def make_calendar(self):
        """SPEC 7.1.6: the meetings of some bodies, around the decisions'
        dates, now and then on a decision's own day; none at all now and
        then, when the scheme's deadlines need one."""
        r5 = self.rng5
        if not self.meeting_deadlines or r5.random() < 0.2:
            return None
        meetings = {}
        for b in self.body_names:
            if r5.random() < 0.25:
                continue
            n = r5.randint(0, 8)
            days = sorted({BASE + r5.randint(-30, 420) for _ in range(n)})
            meetings[b] = [d2s(x) for x in days]
        return {"meetings": meetings}

    # ------------------------------------------------------------ rules
    def rule(self, kind, m, head, clauses, label_ok=True, p_label=0.3):
        label = None
        if label_ok and self.chance(p_label):
            label = self.name("L")
            self.labels.setdefault(m["name"], []).append(label)
        self.rules.append({"kind": kind, "matter": m["name"], "label": label,
                           "head": head, "clauses": clauses})

    def how_many(self, counts):
        """How many rules of a restrictive kind: a lenient scheme (one in
        four) has few, so that permitted decisions come in quantity."""
        n = self.rng.choice(counts)
        return n if self.strict or self.chance(0.25) else 0

    def build_rules(self):
        r = self.rng
        self.strict = self.chance(0.75)
        for m in self.matters:
            mf = self.mfields(m)
            # delegations: a tree from a root, plus extras
            order = list(self.holders)
            r.shuffle(order)
            reached = [r.choice(self.roots)]
            n_del = r.randint(1, min(8 * self.scale, len(self.holders)))
            for h in order[:n_del]:
                if h in reached and self.chance(0.7):
                    continue
                frm = r.choice(reached) if self.chance(0.85) else r.choice(self.holders)
                if frm == h:
                    continue
                self.delegation(m, frm, h)
                reached.append(h)
            for _ in range(r.randint(0, 2)):
                a, b = r.sample(self.holders, 2)
                self.delegation(m, a, b)
            while len(self.rules) < 5 * (self.matters.index(m) + 1) // len(self.matters):
                a = r.choice(self.holders) if self.chance(0.5) else r.choice(self.roots)
                self.delegation(m, a, r.choice([h for h in self.holders if h != a]))
            if len(self.rules) > 26 * self.scale:
                continue   # enough rules: keep the scheme small (at most about 40)
            # reservations
            for _ in range(self.how_many([0, 0, 0, 1, 1, 2])):
                cl = []
                if self.chance(0.85):
                    cl.append("when %s" % self.narrow(mf))
                if self.chance(0.3):
                    cl.append('because "Reserved (seed %d)"' % self.seed)
                # now and then to a body with a quorum: a meeting that loses
                # its quorum to conflicts may not refer it on (SPEC 7.10)
                to = r.choice(self.quorate) if self.quorate and self.chance(0.3) else r.choice(self.holders)
                self.rule("reserve", m, "reserve %s to %s" % (m["name"], to), cl, p_label=0.5)
                if self.rules[-1]["label"]:
                    self.reserve_labels.setdefault(m["name"], []).append(self.rules[-1]["label"])
            # escalations
            for _ in range(self.how_many([0, 1, 1, 2, 3])):
                cl = []
                if self.tiers and self.chance(0.3):
                    head = "escalate %s to next tier" % m["name"]
                else:
                    head = "escalate %s to %s" % (m["name"], r.choice(self.holders))
                c = r.random()
                if c < 0.6:
                    cl.append("when %s" % self.narrow(mf))
                if c > 0.4 or not cl:
                    text, n = self.days_term(r.randint(1, 40), m)
                    self.note(m["name"], "#after", n)
                    cl.append("after %s" % text)
                if self.chance(0.4):
                    cl.append("from %s" % r.choice(self.holders))
                if self.chance(0.2):
                    cl.append('because "Escalated"')
                self.rule("escalate", m, head, cl)
            # refusals
            for _ in range(self.how_many([0, 0, 0, 1, 1, 2])):
                cl = []
                if self.chance(0.95):
                    cl.append("when %s" % self.narrow(mf))
                if self.chance(0.4):
                    cl.append("for %s" % r.choice(self.holders))
                if self.chance(0.3):
                    cl.append('because "Never"')
                self.rule("refuse", m, "refuse %s" % m["name"], cl)
            # joint approval
            for _ in range(self.how_many([0, 0, 0, 1, 1, 2])):
                cl = ["when %s" % self.narrow(mf)] if self.chance(0.8) else []
                self.rule("require", m, "require %s for %s" % (self.signers(), m["name"]), cl)
            # after
            for _ in range(r.choice([0, 1, 1, 2])):
                cl = ["when %s" % self.cond(mf)] if self.chance(0.5) else []
                cl += self.obligations(m, 1)
                self.rule("after", m, "after %s" % m["name"], cl)
            # cumulative limits
            summable = [f for f in m["fields"] if f.type in ("money", "number")]
            groups = [f for f in m["fields"] if f.type in ("text", "choice")]
            for _ in range(self.how_many([0, 0, 1, 1, 2])):
                if not summable:
                    break
                f = r.choice(summable)
                v = self.rand_value_native(f)
                if f.type == "number":
                    v = r.randint(1, 100)
                head = "limit %s total %s %s %s" % (m["name"], f.name, r.choice(["<=", "<"]),
                                                    self.const_of(f.type, v))
                self.note(m["name"], f.name, v)
                cl = []
                if groups and self.chance(0.5):
                    cl.append("per %s" % r.choice(groups).name)
                text, over = self.days_term(r.randint(1, 400), m)
                cl.append("over %s" % self.maybe_period(text))
                self.limits.append((m["name"], f.name, v, over))
                if self.chance(0.5):
                    cl.append("for %s" % r.choice(self.holders))
                if self.chance(0.3):
                    self.no_total = True  # R0413: a limit adds up its own total
                    cl.append("when %s" % self.cond(mf))
                    self.no_total = False
                if self.chance(0.2):
                    cl.append('because "Split orders"')
                r.shuffle(cl)
                self.rule("limit", m, head, cl)

    def bounds(self, m):
        """The `up to`, `limit` and `when` clauses of a delegation or grant."""
        cl = []
        money = [f for f in m["fields"] if f.type == "money"]
        if len(money) == 1 and self.chance(0.5):
            v = self.rand_value_native(money[0])
            self.note(m["name"], money[0].name, v)
            cl.append("up to %s" % self.const_of("money", v))
        if self.chance(0.35):
            lc = self.limit_cond(m)
            if lc:
                cl.append("limit %s" % lc)
        if self.chance(0.3):
            cl.append("when %s" % self.cond(self.mfields(m)))
        return cl

    def delegation(self, m, frm, to):
        r = self.rng
        cl = self.bounds(m)
        c = r.random()
        if c < 0.12:
            cl.append("as advise")
        elif c < 0.25:
            cl.append("as joint")
        elif c < 0.4:
            cl.append("as transfer")
        elif c < 0.55:
            cl.append("as delegated")
        if self.chance(0.55):
            if self.rng2.random() < 0.3:  # SPEC 4.12: each sub-delegation approved
                approver = self.rng2.choice(self.holders)
                self.approvals.append((to, approver))
                cl.append("may subdelegate if approved by %s" % approver)
            else:
                cl.append("may subdelegate")
        if self.chance(0.2):
            cl.append("with %s" % self.signers())
        if self.rng2.random() < 0.15:  # SPEC 4.12: after an earlier decision by H
            r2 = self.rng2
            by = r2.choice(self.body_names) if self.body_names and r2.random() < 0.7 else r2.choice(self.holders)
            groups = [f.name for f in m["fields"] if f.type in ("text", "choice")]
            per = " per %s" % r2.choice(groups) if groups and r2.random() < 0.6 else ""
            mine = [x for x in self.prior_texts if x[0] == m["name"]]
            if len(mine) >= 8:  # R0415: at most 8 different ones a matter
                _, by, per = r2.choice(mine)
            elif (m["name"], by, per) not in self.prior_texts:
                self.prior_texts.append((m["name"], by, per))
            self.priors.append((m["name"], by))
            cl.append("after approval by %s%s" % (by, per))
        cl += self.obligations(m)
        if self.chance(0.2):
            cl.append('because "Delegated"')
        self.rule("delegate", m, "delegate %s from %s to %s" % (m["name"], frm, to), cl)

    def build_protocols(self):
        r = self.rng
        self.protocols = []
        if not self.context or self.chance(0.4):
            return
        for _ in range(r.randint(1, 2)):
            p = {"name": self.name("p"), "items": [], "expires": None, "grants": [],
                 "never": [], "ratify": None}
            ctxf = [(f, "") for f in self.context]
            p["items"].append("active when %s" % self.cond(ctxf))
            for _ in range(r.randint(1, 3)):
                m = r.choice(self.matters)
                cl = self.bounds(m)
                if self.chance(0.3):
                    cl.append("with %s" % self.signers())
                cl += self.obligations(m)
                label = None
                if self.chance(0.6 if m["name"] in self.reserve_labels else 0.3):
                    label = self.name("L")
                    self.labels.setdefault(m["name"], []).append(label)
                    self.grant_labels.setdefault(m["name"], []).append(label)
                to = r.choice(self.holders)
                p["grants"].append((m["name"], to))
                head = "%sgrant %s to %s" % (label + ": " if label else "", m["name"], to)
                p["items"].append("\n        ".join([head] + cl))
            granted = {g[0] for g in p["grants"]}
            others = [m["name"] for m in self.matters if m["name"] not in granted]
            if others and self.chance(0.5):
                p["never"] = r.sample(others, r.randint(1, len(others)))
                p["items"].append("never grant %s" % ", ".join(p["never"]))
            if self.chance(0.8):
                b = r.choice(self.body_names)
                w = ""
                if self.chance(0.8):
                    text, n = self.days_term(r.randint(1, 30))
                    p["ratify"] = (b, n)
                    w = " within %s" % text
                else:
                    p["ratify"] = (b, None)
                p["items"].append("ratify by %s%s" % (b, w))
            if self.chance(0.6):
                text, n = self.days_term(r.randint(1, 40))
                p["expires"] = n
                p["items"].append("expires after %s" % text)
            items = p["items"]
            r.shuffle(items)
            self.protocols.append(p)

    def build_urgent(self):
        """Urgent powers (SPEC 4.24): from a body that holds the matter
        (R0838) to another holder, bounded (R0837) and ratified (R0510)."""
        r3 = self.rng3
        if r3.random() < 0.5:
            return
        main, self.rng = self.rng, r3   # bounds() and signers() draw from the third stream
        for m in self.matters:
            holding = set(self.roots) | {ru["head"].split()[-1] for ru in self.rules
                                         if ru["matter"] == m["name"] and ru["kind"] in ("reserve", "delegate")}
            bodies = sorted(h for h in holding if h in self.body_by)
            if not bodies or r3.random() < 0.4:
                continue
            for _ in range(r3.randint(1, 2)):
                b = r3.choice(bodies)
                to = r3.choice([h for h in self.holders if h != b])
                cl = self.bounds(m)
                money = [f for f in m["fields"] if f.type == "money"]
                if len(money) == 1 and not any(c.startswith("up to") for c in cl):
                    cl.append("up to no limit")
                co = None
                c = r3.random()
                if c < 0.5 and self.role_names:
                    co = r3.choice(self.role_names)
                    cl.append("with %s" % co)
                elif c < 0.65:
                    cl.append("with %s" % self.signers())
                rb = b if r3.random() < 0.85 else r3.choice(self.body_names)
                w = ""
                if r3.random() < 0.8:
                    text, n = self.days_term(r3.randint(1, 60))
                    w = " within %s" % text
                cl.append("ratify by %s%s" % (rb, w))
                cl += [o for o in self.obligations(m) if not o.startswith("ratify by")]  # one ratifies
                r3.shuffle(cl)
                self.urgents.append((m["name"], b, to, co))
                self.urgent_lines.append("\n    ".join(["urgent %s from %s to %s" % (m["name"], b, to)] + cl))
        self.rng = main

    def build_conflicts(self):
        r = self.rng
        self.conflicts = []
        self.cat_pool = [self.name("i") for _ in range(r.randint(2, 4))]
        if self.chance(0.35):
            return
        fors = [None] + list(self.body_names)
        r.shuffle(fors)
        for fb in fors[:r.randint(1, min(3, len(fors)))]:
            cats = []
            for cn in r.sample(self.cat_pool, r.randint(1, len(self.cat_pool))):
                acts = r.sample(ACTIONS, r.randint(1, 3))
                cats.append((cn, acts))
            blk = {"for": fb, "cats": cats, "within": None, "refer": None}
            if self.chance(0.7):
                blk["within_text"], blk["within"] = self.days_term(r.randint(1, 40))
            if self.chance(0.6):
                blk["refer"] = r.choice(self.body_names)
            self.conflicts.append(blk)

    def build_precedence(self):
        r = self.rng
        self.precedence = []
        for mname, labs in self.labels.items():
            if len(labs) >= 2 and self.chance(0.7):
                k = r.randint(2, min(3, len(labs)))
                self.precedence.append(r.sample(labs, k))
        # crisis grants set over reservations (SPEC 7.3.2: only while the
        # protocol is in force)
        for mname, gls in self.grant_labels.items():
            for g in gls:
                for rv in self.reserve_labels.get(mname, []):
                    if self.chance(0.6):
                        self.precedence.append([g, rv])
        all_labels = [l for ls in self.labels.values() for l in ls]
        if len(all_labels) >= 2 and self.chance(0.15):
            self.precedence.append(r.sample(all_labels, 2))
        if self.precedence and self.chance(0.05):
            # a cycle (SPEC 7.3.2: when both apply, both are set aside)
            self.precedence.append(list(reversed(self.precedence[0][:2])))

    # ------------------------------------------------------------ text
    def render(self):
        r = self.rng
        out = []
        if self.chance(0.9):
            out.append('policy "Difftest scheme %d"%s' % (self.seed, ' version "1"' if self.chance(0.5) else ""))
        if self.rng2.random() < 0.4:  # SPEC 4.23: otherwise 1 April
            out.append("financial year starts %d %s" % (
                self.rng2.randint(1, 28), self.rng2.choice(["January", "April", "july", "October", "March"])))
        if self.tiers:
            out.append("tiers " + " < ".join(self.tiers))
        for k in self.kinds:
            out.append("kind %s%s" % (k, ' "Kind %s"' % k if self.chance(0.5) else ""))
        for x in self.roles:
            s = "role %s %s" % (x["name"], qstr("Role %s%s" % (x["name"], r.choice(["", "", " – Zoë’s “deputy”", " \\ £"]))))
            if x["kinds"]:
                s += " is " + ", ".join(x["kinds"])
            if x["tier"]:
                s += " at " + x["tier"]
            out.append(s)
        for b in self.bodies:
            opts = []
            if b["kind"]:
                opts.append("is " + b["kind"])
            if b["tier"]:
                opts.append("at " + b["tier"])
            if b["reports"]:
                opts.append("reports to " + ", ".join(b["reports"]))
            r.shuffle(opts)
            s = "body %s \"Body %s\"" % (b["name"], b["name"])
            if opts:
                s += " " + " ".join(opts)
            items = []
            if b["members"]:
                items.append("    members " + ", ".join(t for _, _, _, t in b["members"]))
            if b["quorum"]:
                items.append("    quorum " + b["quorum"])
            if b.get("chairs"):
                items.append("    chaired by " + ", ".join(b["chairs"]))
            if b.get("never"):
                items.append("    never chaired by " + ", ".join(b["never"]))
            if items:
                s += " {\n" + "\n".join(items) + "\n}"
            out.append(s)
        out += self.const_lines
        for m in self.matters:
            out.append("matter %s \"Matter %s\" {\n%s\n}" % (
                m["name"], m["name"], "\n".join("    " + f.decl() for f in m["fields"])))
        if self.context:
            cs = list(self.context)
            if len(cs) > 1 and self.chance(0.3):
                out.append("context {\n%s\n}" % "\n".join("    " + f.decl() for f in cs[:1]))
                cs = cs[1:]
            out.append("context {\n%s\n}" % "\n".join("    " + f.decl() for f in cs))
        stmts = []
        for ru in self.rules:
            head = ru["head"]
            if ru["label"]:
                head = "%s: %s" % (ru["label"], head)
            if ru["clauses"] and self.chance(0.3):
                # the first clause on the rule's first line
                stmts.append("\n    ".join([head + " " + ru["clauses"][0]] + ru["clauses"][1:]))
            else:
                stmts.append("\n    ".join([head] + ru["clauses"]))
        for p in self.protocols:
            stmts.append("protocol %s \"Protocol %s\" {\n%s\n}" % (
                p["name"], p["name"], "\n".join("    " + it for it in p["items"])))
        for blk in self.conflicts:
            items = []
            for cn, acts in blk["cats"]:
                items.append("    interest %s \"Interest %s\" requires %s" % (cn, cn, ", ".join(acts)))
            if blk["within"]:
                items.append("    declare within %s" % blk["within_text"])
            if blk["refer"]:
                items.append("    when quorum lost refer to %s" % blk["refer"])
            r.shuffle(items)
            head = "conflicts for %s" % blk["for"] if blk["for"] else "conflicts"
            stmts.append("%s {\n%s\n}" % (head, "\n".join(items)))
        for pl in self.precedence:
            stmts.append("precedence " + " over ".join(pl))
        # rules keep their relative order per kind mostly; shuffle a little
        if self.chance(0.3):
            r.shuffle(stmts)
        out += stmts + self.urgent_lines
        return "\n".join(out) + "\n"

    # ------------------------------------------------------------ inputs
    def native_to_json(self, f, v):
        t = f.type
        if t == "money":
            return money_json(v) if self.chance(0.8) else fmt_money(self.rng, v)
        if t == "days":
            return fmt_days(self.rng, v)
        if t == "date":
            return d2s(v)
        if t == "percent":
            return fmt_pct(v)
        return v

    def pick_value(self, f, scope, date):
        """A value for a field, near a threshold more often than not."""
        r = self.rng
        t = f.type
        thr = self.thr.get((scope, f.name))
        if thr and t in ("money", "days", "date", "percent", "number", "score") and self.chance(0.7):
            v = r.choice(sorted(thr)) + r.choice([-1, 0, 0, 1])
            if t == "score":
                v = min(max(v, f.lo), f.hi)
            elif t == "date":
                v = min(max(v, s2d("1900-01-01")), s2d("2999-12-31"))
            elif t != "date":
                v = max(v, 0)
            return v
        if t == "date" and self.chance(0.3):
            return date + r.randint(-5, 5)
        if t == "text" and self.chance(0.1):
            return ""
        return self.rand_value_native(f)

    def make_register(self):
        r = self.rng
        if self.chance(0.25):
            self.people = {}
            self.reg_interests = {}
            return None
        # in half the registers, categories on which the chair decides too:
        # each decision then restates them with a ruling (SPEC 7.1.5)
        any_chair = self.chance(0.5)
        safe_cats = []
        for cn in self.cat_pool:
            chair = any("chair decides" in acts for blk in self.conflicts
                        for c2, acts in blk["cats"] if c2 == cn)
            declared = any(c2 == cn for blk in self.conflicts for c2, _ in blk["cats"])
            if declared and (any_chair or not chair):
                safe_cats.append(cn)
        people = []
        self.people = {}
        self.reg_interests = {}
        for nm in r.sample(PEOPLE, r.randint(1, len(PEOPLE))):
            roles = r.sample(self.role_names, min(len(self.role_names),
                                                  r.choice([1, 1, 1, 0, 2])))
            p = {"name": nm, "roles": roles}
            ints = []
            if safe_cats and self.chance(0.6):
                for _ in range(r.randint(1, 2)):
                    it = {"kind": r.choice(safe_cats), "in": r.choice(TEXTS)}
                    if self.chance(0.6):
                        it["acquired"] = d2s(BASE + r.randint(-60, 300))
                    if self.chance(0.4):
                        it["declared"] = d2s(BASE + r.randint(-60, 360))
                    ints.append(it)
                p["interests"] = ints
                self.reg_interests[nm] = ints
            people.append(p)
            self.people[nm] = roles
            self.holdings[nm] = [(x, None, None) for x in roles]
        self.date_roles(people)
        return {"people": people}

    def month_edge(self, first):
        """A day in the decisions' year (or just before it) where a term
        of office starts (first) or ends: mostly a month's first or last
        day, where edge_day puts decisions too."""
        r6 = self.rng6
        day = add_months(BASE, r6.randint(-1, 12))
        if r6.random() < 0.2:
            day += r6.randint(0, 27)
        return day if first else day - 1

    def date_roles(self, people):
        """SPEC 7.1.5: some people hold their roles for a time: from a day,
        until a day, or both; one held twice, in two terms; one taken up
        when another is left (a director of finance who becomes chief
        executive).  Decisions read the register as at their date
        (at_day)."""
        r6 = self.rng6
        for p in people:
            if not p["roles"] or r6.random() >= 0.35:
                continue
            held = []
            for role in p["roles"]:
                c = r6.random()
                if c < 0.3:
                    held.append((role, self.month_edge(True), None))
                elif c < 0.55:
                    held.append((role, None, self.month_edge(False)))
                elif c < 0.75:
                    a, b = sorted([self.month_edge(True), self.month_edge(True)])
                    held.append((role, a, max(a, b - 1)))
                elif c < 0.9:
                    a, b = sorted([self.month_edge(True), self.month_edge(True)])
                    if b <= a + 1:
                        b = a + 2
                    if r6.random() < 0.4:
                        b = a  # the second term straight after the first (7.10: one time in post)
                    held += [(role, None, a - 1), (role, b, None)]  # two terms
                else:
                    held.append((role, None, None))
            others = [x for x in self.role_names if x not in p["roles"]]
            once = [i for i, h in enumerate(held) if sum(1 for x in held if x[0] == h[0]) == 1]
            if others and once and r6.random() < 0.3:
                # one role left and another taken up the next day
                i = once[0]
                day = self.month_edge(True)
                held[i] = (held[i][0], held[i][1] if held[i][1] is not None and held[i][1] < day else None,
                           day - 1)
                held.append((r6.choice(others), day, None))
            items = []
            for role, a, b in held:
                if a is None and b is None and r6.random() < 0.7:
                    items.append(role)
                    continue
                it = {"role": role}
                if a is not None:
                    it["from"] = d2s(a)
                if b is not None:
                    it["until"] = d2s(b)
                items.append(it)
            if r6.random() < 0.5:
                r6.shuffle(items)
            p["roles"] = items
            self.holdings[p["name"]] = [(x["role"], x.get("from") and s2d(x["from"]),
                                         x.get("until") and s2d(x["until"])) if isinstance(x, dict)
                                        else (x, None, None) for x in items]

    def at_day(self, day):
        """The register as at a day (SPEC 7.1.5): self.people gives each
        person the roles they hold that day, in the register's order."""
        if not self.holdings:
            return
        self.people = {nm: [r for (r, a, b) in hs if (a is None or a <= day) and (b is None or day <= b)]
                       for nm, hs in self.holdings.items()}

    def holders_of(self, role):
        """The people the register gives the role, in register order."""
        return [n for n, roles in self.people.items() if role in roles]

    def unclear(self, role):
        """Does the register give the role to several people, some with
        registered interests?  Then a decider, a member present or a
        co-signatory written by the role alone is R0725 (SPEC 7.1, "Named
        by role")."""
        holders = self.holders_of(role)
        return len(holders) > 1 and any(self.reg_interests.get(n) for n in holders)

    def person_ref(self, role, clear=False):
        """A role, written as a person now and then (SPEC 7.1); with clear,
        always a person when the role alone would be unclear (R0725)."""
        r = self.rng
        holders = self.holders_of(role)
        if holders and (self.chance(0.5) or (clear and self.unclear(role))):
            nm = r.choice(holders)
            if len(self.people[nm]) == 1 and self.chance(0.5):
                return {"person": nm}
            return {"person": nm, "role": role}
        if self.chance(0.1):
            return {"person": "Visitor %d" % r.randint(1, 3), "role": role}
        return role

    def categories_for(self, body):
        """Category -> actions of the conflicts rules for a decision."""
        cats = {}
        for blk in self.conflicts:
            if blk["for"] is None:
                for cn, acts in blk["cats"]:
                    cats[cn] = acts
        for blk in self.conflicts:
            if body and blk["for"] == body:
                for cn, acts in blk["cats"]:
                    cats[cn] = acts
        return cats

    def make_history(self):
        r = self.rng
        if self.chance(0.2):
            return None
        hist = []
        self.hist_native = []
        for _ in range(r.randint(0, 10)):
            m = r.choice(self.matters)
            date = self.edge_day(BASE + r.randint(-400, 380))
            self.at_day(date)
            nat = {f.name: self.pick_value(f, m["name"], date) for f in m["fields"]}
            self.hist_native.append((m["name"], date, nat))
            decider = r.choice(self.holders)
            # (by role alone even when the register cannot tell who: a
            # history entry's interests are not read, SPEC 7.1.4)
            if decider in self.role_by and self.chance(0.3):
                decider = self.person_ref(decider, clear=True)
            approvers = [by for mn, by in self.priors if mn == m["name"] and not self.unclear(by)]
            if approvers and self.rng2.random() < 0.4:  # an approval a delegation waits for
                decider = self.rng2.choice(approvers)
            e = {"matter": m["name"], "decider": decider, "date": d2s(date),
                 "fields": {f.name: self.native_to_json(f, nat[f.name]) for f in m["fields"]}}
            if self.context and self.chance(0.4):
                e["context"] = {f.name: self.native_to_json(f, self.pick_value(f, "", date))
                                for f in self.context}
            grants = [p for p in self.protocols
                      if any(g[0] == m["name"] for g in p["grants"]) and m["name"] not in p["never"]]
            if grants and self.chance(0.6):
                e["under"] = r.choice(grants)["name"]
                if self.chance(0.5):
                    e["ratified"] = d2s(date + r.randint(0, 40))
            # SPEC 7.15: an urgent decision, ratified in time, late or not yet
            urg = [u for u in self.urgents if u[0] == m["name"]]
            r3 = self.rng3
            if urg and "under" not in e and r3.random() < 0.5:
                e["urgent"] = True
                if r3.random() < 0.6:
                    h = r3.choice(urg)[2]
                    e["decider"] = self.person_ref(h, clear=True) if self.unclear(h) else h
                if r3.random() < 0.5:
                    e["ratified"] = d2s(date + r3.randint(0, 90))
            if e.get("urgent"):
                self.reports_made(e, date, [line for line in self.urgent_lines if line.split()[1] == m["name"]])
            elif e.get("under"):
                pr = next(p for p in self.protocols if p["name"] == e["under"])
                self.reports_made(e, date, [it for it in pr["items"]
                                            if re.match(r"(\w+: )?grant %s " % m["name"], it)])
            hist.append(e)
        return hist

    def reports_made(self, e, date, lines):
        """SPEC 7.1.4, 7.15: now and then, the bodies an urgent decision, or
        one under crisis powers, was reported to and when: mostly those
        its powers (lines: the urgent powers or grants of its matter)
        report to, in time or late, now and then another body."""
        r7 = self.rng7
        if r7.random() < 0.4:
            return
        owed = sorted({b for line in lines for b in re.findall(r"report to (\w+)", line)})
        pool = owed + ([r7.choice(self.body_names)] if self.body_names and r7.random() < 0.2 else [])
        done = {}
        for b in pool:
            if r7.random() < 0.7:
                done[b] = d2s(date + r7.choice([0, 1, 7, 14, 30, 45, 60, 90, 120]))
        if done:
            e["reported"] = done

    def make_decision(self):
        r = self.rng
        m = r.choice(self.matters)
        mname = m["name"]
        date = self.edge_day(BASE + r.randint(0, 364))
        self.at_day(date)
        d = {"matter": mname}
        # decider
        reached = [ru["head"].split()[-1] for ru in self.rules
                   if ru["matter"] == mname and ru["kind"] == "delegate"]
        granted = [g[1] for p in self.protocols for g in p["grants"] if g[0] == mname]
        reached += granted
        sitting = sorted({x[0] for b in self.bodies for x in b["members"]})
        c = r.random()
        if granted and c < 0.08:
            # crisis powers in force, not in force or expired (SPEC 7.9)
            decider = r.choice(granted)
        elif reached and c < 0.55:
            decider = r.choice(reached)
        elif sitting and c < 0.65:
            # a role that sits on a body, with or without authority: the
            # decision goes up its own lines first (SPEC 7.4)
            decider = r.choice(sitting)
        elif self.quorate and c < 0.75:
            decider = r.choice(self.quorate)
        else:
            decider = r.choice(self.holders)
        urg = [u for u in self.urgents if u[0] == mname]
        r3 = self.rng3
        if urg and r3.random() < 0.35:  # SPEC 7.15: the holder of urgent powers
            decider = r3.choice(urg)[2]
        is_body = decider in self.body_by
        d["decider"] = decider if is_body else self.person_ref(decider, clear=True)
        # body
        body = None
        if is_body:
            if self.chance(0.15):
                body = r.choice(self.body_names)
        elif self.chance(0.6) or any(ru["matter"] == mname and "next tier" in ru["head"]
                                     for ru in self.rules):
            body = r.choice(self.body_names)
        if body:
            d["body"] = body
        d["date"] = d2s(date)
        # fields, context
        d["fields"] = {}
        for f in m["fields"]:
            d["fields"][f.name] = self.native_to_json(f, self.pick_value(f, mname, date))
        if self.context:
            d["context"] = {f.name: self.native_to_json(f, self.pick_value(f, "", date))
                            for f in self.context}
        # cumulative limits: aim the total at the ceiling
        lims = [x for x in self.limits if x[0] == mname]
        if lims and self.history and self.chance(0.5):
            _, fname, ceiling, over = r.choice(lims)
            f = [x for x in m["fields"] if x.name == fname][0]
            tot = 0
            for hm, hdate, nat in self.hist_native:
                if hm == mname and date - over < hdate <= date:
                    tot += nat[fname]
            v = max(0, ceiling - tot + r.choice([-1, 0, 0, 1]))
            d["fields"][fname] = self.native_to_json(f, v)
        # opened
        afters = sorted(self.thr.get((mname, "#after"), set()))
        esc_after = any(ru["kind"] == "escalate" and any(c.startswith("after") for c in ru["clauses"])
                        for ru in self.rules if ru["matter"] == mname)
        if esc_after or self.chance(0.1):
            if afters and self.chance(0.8):
                opened = date - r.choice(afters) + r.choice([-1, 0, 1])
            else:
                opened = date - r.randint(0, 60)
            d["opened"] = d2s(min(opened, date))
        # activations
        act = {}
        for p in self.protocols:
            if p["expires"] is not None or self.chance(0.3):
                n = p["expires"] or r.randint(1, 30)
                c = r.random()
                if c < 0.3:
                    a = date - n + r.choice([0, 1])
                elif c < 0.5:
                    a = date - n - r.randint(0, 3)
                elif c < 0.6:
                    a = date + r.randint(1, 5)
                elif c < 0.7:
                    a = date
                else:
                    a = date - r.randint(0, 2 * n)
                act[p["name"]] = d2s(a)
        if act:
            d["activated"] = act
        # co-signatories
        if self.chance(0.6):
            pool = sorted(self.signer_pool) if self.signer_pool and self.chance(0.7) else self.holders
            # a co-signatory role several people hold, some with interests,
            # is R0725 (SPEC 7.10): co-signatories are written by role only
            pool = [h for h in pool if not self.unclear(h)]
            if pool:
                d["co_signatories"] = [r.choice(pool) for _ in range(r.randint(0, 4))]
        # approvals of sub-delegations (SPEC 4.12): mostly of a delegate
        # whose delegation needs one, passing it on to anyone, by the right
        # approver or another, dated around the decision's
        r2 = self.rng2
        if self.approvals and r2.random() < 0.5:
            apps = []
            for _ in range(r2.randint(1, 3)):
                frm, by = r2.choice(self.approvals)
                if r2.random() < 0.2:
                    by = r2.choice(self.holders)
                onward = [x["head"].split()[-1] for x in self.rules
                          if x["kind"] == "delegate" and x["head"].split()[3] == frm]
                to = r2.choice(onward) if onward and r2.random() < 0.85 else r2.choice(self.holders)
                day = s2d(d["date"]) + r2.choice([-400, -30, -1, 0, 0, 1, 30])
                apps.append({"from": frm, "to": to, "by": by, "date": d2s(day)})
            d["approvals"] = apps
        # subject
        subjects = [d["fields"][f.name] for f in m["fields"] if f.type == "text"]
        if self.chance(0.2):
            # subject adds to the text fields' values (SPEC 7.1, 7.10)
            d["subject"] = r.sample(TEXTS, r.randint(0, 2))
            subjects = subjects + d["subject"]
        # attendance
        taking = []   # (person, role) of the people taking part (SPEC 7.10)
        if isinstance(d["decider"], dict):
            taking.append((d["decider"]["person"], decider))
        elif not is_body and len(self.holders_of(decider)) == 1:
            # named by role, known to the register (SPEC 7.1)
            taking.append((self.holders_of(decider)[0], decider))
        conf_body = body or (decider if is_body else None)
        meet_body = decider if is_body else body
        present_roles = []
        needs_meeting = is_body and self.body_by[decider]["quorum"] is not None
        if needs_meeting or self.chance(0.5 if is_body else 0.15):
            att = self.make_attendance(meet_body, is_body)
            if att is not None:
                for e in att:
                    if e["present"]:
                        role = e.get("role") or self.people[e["person"]][0]
                        present_roles.append(role)
                        if "person" in e:
                            taking.append((e["person"], role))
                        elif (len(self.holders_of(role)) == 1 and
                              sum(1 for x in att if x.get("role") == role or
                                  ("role" not in x and self.people.get(x["person"], [None])[0] == role)) == 1):
                            taking.append((self.holders_of(role)[0], role))
                d["attendance"] = att
                self.mark_presiding(d, decider if is_body else None)
        # co-signatories take part (SPEC 7.10): the one holder of the role
        for h in d.get("co_signatories", []):
            if h in self.role_by and len(self.holders_of(h)) == 1:
                taking.append((self.holders_of(h)[0], h))
        # interests
        cats = self.categories_for(conf_body)
        # more often at a meeting of the deciding body: members present
        # with interests can cost it its quorum (SPEC 7.10)
        if cats and self.chance(0.65 if is_body and present_roles else 0.45):
            ints = []
            for _ in range(r.randint(1, 3)):
                cn = r.choice(sorted(cats))
                cands = present_roles + ([decider] if not is_body else []) + [r.choice(self.role_names or self.holders)]
                cands += [h for h in d.get("co_signatories", []) if h in self.role_by]
                who = self.person_ref(r.choice(cands))
                it = {"who": who, "kind": cn,
                      "in": r.choice(subjects) if subjects and self.chance(0.7) and subjects[0] != ""
                      else r.choice(TEXTS)}
                if it["in"] == "":
                    it["in"] = TEXTS[0]
                wins = [blk["within"] for blk in self.conflicts if blk["within"]]
                if self.chance(0.6):
                    if wins and self.chance(0.6):
                        it["acquired"] = d2s(date - r.choice(wins) + r.choice([-1, 0, 1]))
                    else:
                        it["acquired"] = d2s(date - r.randint(0, 90))
                if self.chance(0.5):
                    it["declared"] = d2s(date - r.randint(-5, 60))
                if "chair decides" in cats[cn] or self.chance(0.1):
                    it["ruling"] = r.choice(["allow", "exclude"])
                ints.append(it)
            d["interests"] = ints
        self.restate_chair_interests(d, cats, taking)
        # SPEC 7.7: now and then as people (of the register when
        # there is one, and without registered interests), one
        # named twice or as the decider: a person signs once
        r2 = self.rng2
        if d.get("co_signatories") and r2.random() < 0.3:
            cos = []
            for c in d["co_signatories"]:
                clean = [nm for nm in self.holders_of(c) if not self.reg_interests.get(nm)]
                if clean and r2.random() < 0.7:
                    cos.append({"person": r2.choice(clean), "role": c})
                elif not self.people and c in self.role_names and r2.random() < 0.5:
                    cos.append({"person": "Visitor %d" % r2.randint(1, 2), "role": c})
                else:
                    cos.append(c)
            named = [x for x in cos if isinstance(x, dict)]
            if named and r2.random() < 0.5:
                cos.append(dict(r2.choice(named)))
            d["co_signatories"] = cos
        # SPEC 7.15: said to be urgent, mostly when the decider holds
        # urgent powers; with the role they ask to co-sign, or not
        mine = [u for u in urg if u[2] == decider]
        if urg and r3.random() < (0.7 if mine else 0.2):
            d["urgent"] = True
            u = r3.choice(mine) if mine else None
            # (not one with registered interests: their rulings are settled above)
            if u and u[3] and not self.unclear(u[3]) and r3.random() < 0.6 and \
                    not any(self.reg_interests.get(nm) for nm in self.holders_of(u[3])):
                d["co_signatories"] = list(d.get("co_signatories", [])) + [u[3]]
        elif urg and r3.random() < 0.1:
            d["urgent"] = False
        return d

    def mark_presiding(self, d, body):
        """SPEC 7.10: at a meeting of a body that says who presides, one
        member present is in the chair: mostly the first of `chaired by`
        present (its conflicts not weighed here), now and then another."""
        b = self.body_by.get(body) if body else None
        if not b or not (b.get("chairs") or b.get("never")):
            return
        r4 = self.rng4
        present = [e for e in d["attendance"] if e["present"]]
        if not present:
            return

        def role_of(e):
            return e.get("role") or self.people[e["person"]][0]

        def fits(place, role):
            return role == place or place in self.role_by[role]["kinds"]

        pick = None
        if r4.random() < 0.7:
            for place in b.get("chairs") or []:
                cands = [e for e in present if fits(place, role_of(e))]
                if cands:
                    pick = r4.choice(cands)
                    break
        if pick is None:
            pick = r4.choice(present)
        pick["presiding"] = True

    def make_attendance(self, meet_body, checked):
        """The attendance of a meeting of meet_body (SPEC 7.10): every kind,
        full, with absences, with seats left vacant, roles at their fewest
        or most, members named from the register, visitors, members named
        by role alone.  checked: the decider is the body, so the entries
        are checked against its members line (R0732: no more of a role
        than it seats).  Valid: nobody twice (R0735), and no member present
        by role alone whom the register cannot tell (R0725)."""
        r = self.rng
        mb = self.body_by.get(meet_body) if meet_body else None
        seats = {}   # role -> (fewest, most or None)
        for role, lo, hi, _ in (mb["members"] if mb else []):
            a, b = seats.get(role, (0, 0))
            seats[role] = (a + lo, None if b is None or hi is None else b + hi)
        plan = []    # roles of the entries, in order
        mode = r.choice(["full", "full", "absent", "absent", "vacant", "min", "max", "random"])
        if seats:
            for role, (lo, hi) in seats.items():
                held = len(self.holders_of(role))
                full = max(lo, held)
                if hi is not None:
                    full = min(full, hi)
                if mode in ("full", "absent"):
                    k = full
                elif mode == "vacant":
                    k = r.randint(0, max(0, full - 1))
                elif mode == "min":
                    k = lo
                elif mode == "max":
                    k = hi if hi is not None else full + r.randint(0, 2)
                else:
                    k = r.randint(0, (hi if hi is not None else full + 2))
                if hi is not None and checked:
                    k = min(k, hi)
                plan += [role] * k
            if mode == "random" or self.chance(0.3):
                r.shuffle(plan)
        else:
            if not checked or not mb:
                pool = self.role_names
            else:
                pool = self.role_names   # a body with no members line: any role
            if not pool:
                return None
            plan = [r.choice(pool) for _ in range(r.randint(1, 7))]
        used = set()
        att = []
        for role in plan:
            e = {"role": role}
            free = [n for n in self.holders_of(role) if n not in used]
            c = r.random()
            if free and c < 0.55:
                nm = r.choice(free)
                used.add(nm)
                e = {"person": nm} if len(self.people[nm]) == 1 and self.chance(0.4) else \
                    {"person": nm, "role": role}
            elif c < 0.65:
                k = 1
                while "Visitor %d" % k in used:
                    k += 1
                used.add("Visitor %d" % k)
                e = {"person": "Visitor %d" % k, "role": role}
            if mode == "full":
                e["present"] = True
            elif mode in ("min", "max"):
                e["present"] = self.chance(0.9)
            else:
                e["present"] = self.chance(0.7)
            att.append(e)
        self.repair_attendance(att, used)
        return att

    def repair_attendance(self, att, used):
        """A member present by role alone, with a register, is the one
        person the register gives the role (SPEC 7.1 "Named by role"); when
        it gives the role to several people, some with registered interests,
        the entry must say who it is (R0725).  remit eval also refuses an
        entry by role alone, one of several of its role, when someone the
        register gives the role, with interests, is not named in the
        attendance (SPEC 7.10).  So an entry by role alone is kept present
        only when no holder of the role has registered interests, or when
        it is the only entry of its role and the register gives the role to
        one person; any other is named, or absent."""
        if not self.people:
            return
        for e in att:
            if not e["present"] or "person" in e:
                continue
            role = e["role"]
            listed = sum(1 for x in att if x.get("role", None) == role or
                         ("role" not in x and self.people.get(x["person"], [None])[0] == role))
            holders = self.holders_of(role)
            if not any(self.reg_interests.get(n) for n in holders) or \
                    (listed == 1 and len(holders) == 1):
                continue
            cands = [n for n in holders if n not in used]
            if cands and self.chance(0.6):
                nm = self.rng.choice(cands)
                used.add(nm)
                e["person"] = nm
                del e["role"]
                e["role"] = role
                e["present"] = True
            else:
                e["present"] = False

    def restate_chair_interests(self, d, cats, taking):
        """A registered interest of someone taking part on which the chair
        decides must be restated in the decision, with a ruling (R0725)."""
        r = self.rng
        done = set()
        for it in d.get("interests", []):
            who = it["who"]
            if isinstance(who, dict):
                done.add((who["person"], it["kind"], it["in"]))
        for name, role in taking:
            for it in self.reg_interests.get(name, []):
                key = (name, it["kind"], it["in"])
                if it["kind"] in cats and "chair decides" in cats[it["kind"]] and key not in done:
                    done.add(key)
                    new = {"who": {"person": name, "role": role} if self.chance(0.7) else {"person": name},
                           "kind": it["kind"], "in": it["in"], "ruling": r.choice(["allow", "exclude"])}
                    if len(self.people[name]) != 1:
                        new["who"]["role"] = role
                    for k in ("acquired", "declared"):
                        if k in it and self.chance(0.8):
                            new[k] = it[k]
                    d.setdefault("interests", []).append(new)


def generate(seed, n_decisions=100, scale=1):
    g = Gen(seed, scale)
    g.const_lines = []
    g.limits = []
    g.hist_native = []
    g.signer_pool = set()
    g.reserve_labels = {}    # matter -> labels of its reservations
    g.grant_labels = {}      # matter -> labels of crisis grants of it
    g.build_structure()
    g.build_matters()
    g.build_rules()
    g.build_protocols()
    g.build_conflicts()
    g.build_precedence()
    g.build_urgent()
    s = Scheme()
    s.policy = g.render()
    s.register = g.make_register()
    s.calendar = g.make_calendar()
    s.history = g.history = g.make_history()
    s.decisions = [g.make_decision() for _ in range(n_decisions)]
    return s


def write_scheme(s, folder):
    os.makedirs(folder, exist_ok=True)
    paths = {"policy": os.path.join(folder, "policy.remit"),
             "decisions": os.path.join(folder, "decisions.jsonl")}
    with open(paths["policy"], "w", encoding="utf-8") as f:
        f.write(s.policy)
    with open(paths["decisions"], "w", encoding="utf-8") as f:
        for d in s.decisions:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    if s.history is not None:
        paths["history"] = os.path.join(folder, "history.json")
        with open(paths["history"], "w", encoding="utf-8") as f:
            json.dump(s.history, f, ensure_ascii=False, indent=1)
    if s.register is not None:
        paths["register"] = os.path.join(folder, "register.json")
        with open(paths["register"], "w", encoding="utf-8") as f:
            json.dump(s.register, f, ensure_ascii=False, indent=1)
    if s.calendar is not None:
        paths["calendar"] = os.path.join(folder, "calendar.json")
        with open(paths["calendar"], "w", encoding="utf-8") as f:
            json.dump(s.calendar, f, ensure_ascii=False, indent=1)
    return paths


def main(argv=None):
    ap = argparse.ArgumentParser(description="write one random Remit scheme and its decisions")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--decisions", type=int, default=100)
    ap.add_argument("--scale", type=int, default=1,
                    help="a scheme about this many times larger (holders and delegations)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    paths = write_scheme(generate(a.seed, a.decisions, a.scale), a.out)
    for k in sorted(paths):
        print(paths[k])
    return 0


if __name__ == "__main__":
    sys.exit(main())
