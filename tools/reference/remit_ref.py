#!/usr/bin/env python3
"""Remit reference evaluator, written from SPEC.md alone (sections 7, 5.2,
5.3, 4.x and the policy export of 11.9).  It shares no code with the C
evaluator (compiler/eval.c) and was written without reading it.

Usage:
  python3 remit_ref.py EXPORT.json DECISION.json [--history H] [--register R]
  python3 remit_ref.py EXPORT.json --batch FILE.jsonl [--history H] [--register R]

Importable: evaluate(policy, decision, history=None, register=None) -> dict.

Spots where the SPEC leaves a choice open are marked "# SPEC-AMBIGUITY:".
"""

import calendar
import json
import re
import sys
from fractions import Fraction

I64_MAX = (1 << 63) - 1
I64_MIN = -(1 << 63)

MAX_CHAIN = 16          # PL_MAX_CHAIN
MAX_REASONS = 32        # EV_MAX_REASONS
MAX_FINDINGS = 32
MAX_OBLIGATIONS = 32    # EV_MAX_OBLIGATIONS
MAX_ATTENDEES = 256     # EV_MAX_ATTENDEES
MAX_WALK = 64           # EV_MAX_WALK
MAX_SIGNERS = 32        # EV_MAX_SIGNERS
MAX_ALTS = 256          # LW_MAX_ALTS
MAX_STEPS = 4096        # EV_MAX_STEPS
MAX_HISTORY = 200000    # IN_MAX_HISTORY
MAX_BATCH_LINE = 1 << 20  # RM_MAX_BATCH_LINE
IN_MAX_NUMBER = 10 ** 15
IN_MAX_DAYS = 10 ** 9
MONEY_MAX = 10 ** 14

EXCLUDING_ACTIONS = ("exclude from discussion", "exclude from vote", "withdraw")


class InputError(Exception):
    """A decision, history or register that does not fit the policy."""


def sat(v):
    """Saturate to the signed 64-bit range (7.2)."""
    if v > I64_MAX:
        return I64_MAX
    if v < I64_MIN:
        return I64_MIN
    return v


# ---------------------------------------------------------------- dates

def _days_from_civil(y, m, d):
    # proleptic Gregorian, days since 1970-01-01
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z):
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def parse_date(s):
    if not isinstance(s, str):
        raise InputError("not a date")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        raise InputError("not a date: %r" % s)
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1900 <= y <= 2999) or not (1 <= mo <= 12):
        raise InputError("not a date: %r" % s)
    mdays = [31, 29 if _leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= d <= mdays[mo - 1]):
        raise InputError("not a date: %r" % s)
    return _days_from_civil(y, mo, d)


def add_months(z, n):
    """The day n calendar months after day z (2.5.5): the same day of the
    month, or the month's last day where it has fewer."""
    if abs(z) > 1 << 40:  # beyond any calendar: left as it is, as the C tool does
        return z
    y, m, d = _civil_from_days(z)
    k = y * 12 + (m - 1) + n
    y, m = k // 12, k % 12 + 1
    return _days_from_civil(y, m, min(d, calendar.monthrange(y, m)[1]))


def period_start(pol, over, date):
    """The first day of the period `over` (an EXPR of the export, or None
    for none) that ends on `date` (5.8); None: every earlier day."""
    if over is None:
        return None
    if over["op"] == "period":
        y, m, _ = _civil_from_days(date)
        w = over["value"]
        if w == "calendar month":
            return _days_from_civil(y, m, 1)
        if w == "calendar quarter":
            return _days_from_civil(y, m - (m - 1) % 3, 1)
        if w == "calendar year":
            return _days_from_civil(y, 1, 1)
        fm, fd = (int(x) for x in pol.doc.get("financial_year_starts", "04-01").split("-"))
        start = _days_from_civil(y, fm, fd)
        if start > date:
            start = _days_from_civil(y - 1, fm, fd)
        if w == "financial year":
            return start
        if w == "financial quarter":
            q = start
            for i in (1, 2, 3):
                if add_months(start, 3 * i) <= date:
                    q = add_months(start, 3 * i)
            return q
        raise ValueError("unknown period %r" % w)
    n = eval_expr(over, (pol, {}, {}))
    if over["type"] == "months":
        return add_months(date, -n) + 1
    return date - n + 1


def format_date(n):
    # SPEC-AMBIGUITY: 7.11: a due date far outside 1900-2999 (a `within` read
    # from a field of up to 1e9 days, or a saturated sum) has no stated
    # format; we print the proleptic Gregorian date with the year padded to
    # four digits (and a leading '-' for years before year 0).
    y, m, d = _civil_from_days(n)
    if y < 0:
        return "-%04d-%02d-%02d" % (-y, m, d)
    return "%04d-%02d-%02d" % (y, m, d)


# ---------------------------------------------------------------- literals

_MONEY_RE = re.compile(r"£(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k|K|m|M|[bB][nN])?")


def parse_money(s):
    if not isinstance(s, str):
        raise InputError("money must be written with £")
    m = _MONEY_RE.fullmatch(s)
    if not m:
        raise InputError("not an amount of money: %r" % s)
    whole = m.group(1).replace(",", "")
    mult = {"": 1, "k": 1000, "m": 10 ** 6}.get((m.group(3) or "").lower(), 10 ** 9)
    return _exact(whole, m.group(2), mult * 100, MONEY_MAX, s)


def _exact(whole, frac, scale, top, s):
    """whole.frac times scale, which must be a whole number at most top."""
    frac = frac or ""
    v = Fraction(int(whole + frac), 10 ** len(frac)) * scale
    if v.denominator != 1:
        raise InputError("finer than the unit allows: %r" % s)
    if v > top:
        raise InputError("too large: %r" % s)
    return int(v)


def parse_percent(s):
    if not isinstance(s, str):
        raise InputError("a percentage ends in %")
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?%", s)
    if not m:
        raise InputError("not a percentage: %r" % s)
    return _exact(m.group(1), m.group(2), 100, 100000, s)


def parse_days(s):
    if not isinstance(s, str):
        raise InputError("a length of time is written '30 days'")
    m = re.fullmatch(r"(\d+) (day|days|week|weeks)", s)
    if not m:
        raise InputError("not a length of time: %r" % s)
    n = int(m.group(1))
    if n > IN_MAX_DAYS:
        raise InputError("length of time too large: %r" % s)
    return n * (7 if m.group(2).startswith("week") else 1)


def parse_whole(v):
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError("a whole number is written as digits, unquoted")
    if v < 0 or v > IN_MAX_NUMBER:
        raise InputError("number out of range: %r" % v)
    return v


def single_text(v):
    """A single value read as text (7.1.1): JSON strings, numbers, booleans."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        # SPEC-AMBIGUITY: 7.1.1: a JSON number given for a text is "the
        # characters written"; Python's json has lost them, so we use repr.
        return repr(v) if isinstance(v, float) else str(v)
    raise InputError("not a single value")


# ---------------------------------------------------------------- policy

class Policy:
    """Thin views over the export document (11.9); no precomputation other
    than name look-ups."""

    def __init__(self, doc):
        if not isinstance(doc, dict):
            raise ValueError("the export is not a JSON object")
        self.doc = doc
        self.tiers = list(doc.get("tiers") or [])
        self.kinds = [k["name"] for k in doc.get("kinds") or []]
        self.holders = list(doc.get("holders") or [])
        self.holder = {h["name"]: h for h in self.holders}
        self.holder_order = {h["name"]: i for i, h in enumerate(self.holders)}
        self.matters = {m["name"]: m for m in doc.get("matters") or []}
        self.context = list(doc.get("context") or [])
        self.rules = list(doc.get("rules") or [])
        self.protocols = {p["name"]: p for p in doc.get("protocols") or []}
        self.protocol_list = list(doc.get("protocols") or [])
        self.conflicts = list(doc.get("conflicts") or [])
        self.precedence = list(doc.get("precedence") or [])
        self.rule_by_id = {}
        for i, r in enumerate(self.rules):
            self.rule_by_id[r.get("id", i)] = r

    def tier_rank(self, name):
        return self.tiers.index(name)

    def is_body(self, name):
        h = self.holder.get(name)
        return h is not None and h.get("is") == "body"

    def is_role(self, name):
        h = self.holder.get(name)
        return h is not None and h.get("is") == "role"

    def is_root(self, name):
        h = self.holder.get(name)
        return h is not None and h.get("is") == "body" and not h.get("reports_to")

    def reports_to(self, name):
        h = self.holder.get(name)
        return list(h.get("reports_to") or []) if h else []

    def role_kinds(self, name):
        h = self.holder.get(name)
        return list(h.get("kinds") or []) if h else []

    def tier_of(self, name):
        h = self.holder.get(name)
        t = h.get("tier") if h else None
        return None if t is None else self.tier_rank(t)

    def multi_role(self, name):
        """A role that some body's members lists with a count that can be
        above one (7.7)."""
        for h in self.holders:
            for m in h.get("members") or []:
                if m.get("role") == name and (m.get("max") is None or m.get("max") > 1):
                    return True
        return False

    def matter_rules(self, matter, kind=None):
        out = []
        for r in self.rules:
            if r.get("matter") == matter and (kind is None or r.get("kind") == kind):
                out.append(r)
        return out

    def categories(self):
        names = set()
        for b in self.conflicts:
            for c in b.get("categories") or []:
                names.add(c["name"])
        return names


def rule_ref(r):
    return {"file": r.get("file"), "line": r.get("line")}


# ---------------------------------------------------------------- expressions

def eval_expr(e, env):
    """Evaluate an EXPR of the export over env = (policy, fields, context)
    or (policy, fields, context, total): total(e) gives a `total` node's
    value (5.7); without it a total is the field's own value."""
    pol, fields, context = env[0], env[1], env[2]
    op = e["op"]
    t = e.get("type")
    if op == "const":
        v = e["value"]
        if t == "date":
            return parse_date_policy(v)
        if t == "tier":
            return pol.tier_rank(v)
        return v
    if op == "field":
        return fields[e["name"]]
    if op == "total":
        return env[3](e) if len(env) > 3 and env[3] else fields[e["field"]]
    if op == "date":
        return env[4]
    if op == "who":
        # 5.9: the decider (env[5]) or any co-signatory who signs (env[6]) is
        # the holder, of the kind, or a member of the body
        def is_who(h):
            if e["test"] == "holder":
                return h == e["name"]
            if e["test"] == "kind":
                return e["name"] in pol.role_kinds(h)
            body = pol.holder.get(e["name"]) or {}
            return any(m["role"] == h for m in body.get("members") or [])
        if e["subject"] == "decider":
            return is_who(env[5])
        return any(is_who(c) for c in env[6])
    if op == "context":
        return context[e["name"]]
    if op == "not":
        return not eval_expr(e["arg"], env)
    if op == "and":
        for a in e["args"]:
            if not eval_expr(a, env):
                return False
        return True
    if op == "or":
        for a in e["args"]:
            if eval_expr(a, env):
                return True
        return False
    if op == "cmp":
        lv = eval_expr(e["left"], env)
        rv = eval_expr(e["right"], env)
        c = e["cmp"]
        if c == "=":
            return lv == rv
        if c == "!=":
            return lv != rv
        if c == "<":
            return lv < rv
        if c == "<=":
            return lv <= rv
        if c == ">":
            return lv > rv
        if c == ">=":
            return lv >= rv
        raise ValueError("unknown comparison %r" % c)
    if op in ("in", "not_in"):
        left = e["left"]
        lv = eval_expr(left, env)
        lt = left.get("type")
        if lt == "set":
            hit = any(x in lv for x in e["values"])
        elif lt == "tier":
            hit = any(pol.tier_rank(x) == lv for x in e["values"])
        else:
            hit = lv in e["values"]
        return hit if op == "in" else not hit
    if op == "add":
        if e["left"].get("type") == "months":
            return add_months(eval_expr(e["right"], env), eval_expr(e["left"], env))
        if e["right"].get("type") == "months":
            return add_months(eval_expr(e["left"], env), eval_expr(e["right"], env))
        return sat(eval_expr(e["left"], env) + eval_expr(e["right"], env))
    if op == "sub":
        if e["right"].get("type") == "months":
            return add_months(eval_expr(e["left"], env), -eval_expr(e["right"], env))
        return sat(eval_expr(e["left"], env) - eval_expr(e["right"], env))
    if op == "mul":
        return sat(eval_expr(e["left"], env) * eval_expr(e["right"], env))
    if op == "neg":
        return sat(-eval_expr(e["arg"], env))
    raise ValueError("unknown expression op %r" % op)


def parse_date_policy(s):
    m = re.fullmatch(r"(-?\d+)-(\d{2})-(\d{2})", s)
    return _days_from_civil(int(m.group(1)), int(m.group(2)), int(m.group(3)))


# ---------------------------------------------------------------- input typing

def type_value(pol, ftype, v):
    t = ftype["type"]
    if t == "money":
        return parse_money(v)
    if t == "date":
        return parse_date(v)
    if t == "days":
        return parse_days(v)
    if t == "percent":
        return parse_percent(v)
    if t == "number":
        return parse_whole(v)
    if t == "score":
        n = parse_whole(v)
        if n < ftype["min"] or n > ftype["max"]:
            raise InputError("%d is outside the score's range" % n)
        return n
    if t == "bool":
        if not isinstance(v, bool):
            raise InputError("a yes/no value is true or false, unquoted")
        return v
    if t == "text":
        if v is None or isinstance(v, (list, dict)):
            raise InputError("a text is a single value")
        return single_text(v)
    if t == "choice":
        if not isinstance(v, str) or v not in ftype["choices"]:
            raise InputError("not a choice of the field: %r" % (v,))
        return v
    if t == "tier":
        if not isinstance(v, str) or v not in pol.tiers:
            raise InputError("not a tier: %r" % (v,))
        return pol.tier_rank(v)
    if t == "set":
        if not isinstance(v, list):
            raise InputError("a set is a list of choices")
        out = set()
        for x in v:
            if not isinstance(x, str) or x not in ftype["choices"]:
                raise InputError("not a choice of the field: %r" % (x,))
            out.add(x)
        return frozenset(out)
    raise InputError("unknown type %r" % t)


def type_mapping(pol, decls, given, what):
    if not isinstance(given, dict):
        raise InputError("%s is not a mapping" % what)
    names = [f["name"] for f in decls]
    for k in given:
        if k not in names:
            raise InputError("%s has no %r" % (what, k))
    out = {}
    for f in decls:
        if f["name"] not in given:
            raise InputError("%s: %r is missing (Remit never assumes a value)" % (what, f["name"]))
        out[f["name"]] = type_value(pol, f, given[f["name"]])
    return out


def holder_name(pol, v, what):
    if not isinstance(v, str) or v not in pol.holder:
        raise InputError("%s is not the name of a role or body: %r" % (what, v))
    return v


def read_person(pol, v, register, what, allowed=("person", "role")):
    """A holder written as a name or a person; returns (role, person)."""
    if isinstance(v, dict):
        for k in v:
            if k not in allowed:
                raise InputError("%s has no key %r" % (what, k))
        person = v.get("person")
        if isinstance(person, (dict, list)) or person is None:
            person = None  # "a person that is not a single value is ignored"
        else:
            person = single_text(person)
        role = v.get("role")
        reg = register.get(person) if (register is not None and person is not None) else None
        if "role" not in v:
            if reg is not None and len(reg["roles"]) == 1:
                return reg["roles"][0], person
            raise InputError("%s needs a role" % what)
        role = holder_name(pol, role, what)
        if reg is not None and role not in reg["roles"]:
            raise InputError("the register does not give %r the role %r" % (person, role))
        return role, person
    return holder_name(pol, v, what), None


def canon_name(n):
    """A person's name with ASCII capitals lowered and blanks evened out
    (7.1 "One person, one spelling")."""
    # SPEC-AMBIGUITY: 7.1: "blanks" are taken to be spaces and tabs.
    n = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in n)
    return " ".join(x for x in re.split(r"[ \t]+", n) if x)


def same_spelling(a, b):
    """Two names that differ, but only in ASCII capitals or blanks (R0734)."""
    return a != b and canon_name(a) == canon_name(b)


def register_holders(register, name):
    """The people the register gives the role (or body) `name`, in order."""
    return [p for p, r in register.items() if name in r["roles"]]


def named_by_role(register, name, what):
    """7.1 "Named by role": the one person the register gives the role, or
    None; R0725 when several hold it and any has registered interests."""
    if register is None:
        return None
    holders = register_holders(register, name)
    if len(holders) == 1:
        return holders[0]
    # SPEC-AMBIGUITY: 7.1: "any of them has registered interests" is read as
    # any interest listed in the register, whatever its kind (not only those
    # of a category of the conflicts rules for this decision).
    if len(holders) > 1 and any(register[h]["interests"] for h in holders):
        raise InputError("the register lists several people who hold %r, some with registered "
                         "interests: say which one %s" % (name, what))
    return None


def read_register(pol, reg):
    """Returns {name: {"roles": [...], "interests": [...]}} in register
    order (dicts keep insertion order)."""
    if reg is None:
        return None
    if not isinstance(reg, dict) or not isinstance(reg.get("people"), list):
        raise InputError("a register lists people")
    for k in reg:
        if k != "people":
            raise InputError("a register has no key %r" % k)
    cats = pol.categories()
    out = {}
    for p in reg["people"]:
        if not isinstance(p, dict) or "name" not in p or not isinstance(p.get("roles"), list):
            raise InputError("a person of the register needs a name and a roles list")
        for k in p:
            if k not in ("name", "roles", "interests", "returns"):  # returns: read by remit check only
                raise InputError("a person of the register has no key %r" % k)
        if p["name"] is None or isinstance(p["name"], (list, dict)):
            raise InputError("a person's name is a single value")
        name = single_text(p["name"])
        if name in out:
            raise InputError("%r is listed twice" % name)
        for other in out:
            if same_spelling(name, other):
                raise InputError("%r and %r differ only in capitals or spaces" % (name, other))
        holdings = []
        for r in p["roles"]:
            frm, until = None, None
            if isinstance(r, dict):
                # 7.1.5: a role held for a time, { role, from, until }
                for k in r:
                    if k not in ("role", "from", "until"):
                        raise InputError("a role in the register has no key %r" % k)
                if "role" not in r:
                    raise InputError("a role held for a time needs its role")
                frm = parse_date(r["from"]) if "from" in r else None
                until = parse_date(r["until"]) if "until" in r else None
                if frm is not None and until is not None and until < frm:
                    raise InputError("a role held until before it is held from")
                r = r["role"]
            role = holder_name(pol, r, "a role in the register")
            lo = frm if frm is not None else -(1 << 62)
            hi = until if until is not None else 1 << 62
            for (r2, lo2, hi2) in holdings:
                if r2 == role and lo <= hi2 and lo2 <= hi:
                    raise InputError("the register gives %r the role %r twice for the same days" % (name, role))
            holdings.append((role, lo, hi))
        roles = [h[0] for h in holdings]
        ints = []
        if "interests" in p:
            if not isinstance(p["interests"], list):
                raise InputError("interests is not a list")
            for it in p["interests"]:
                if not isinstance(it, dict):
                    raise InputError("an interest is a mapping")
                for k in it:
                    if k not in ("kind", "in", "acquired", "declared"):
                        raise InputError("a registered interest has no key %r" % k)
                if it.get("kind") is None or it.get("in") is None:
                    raise InputError("a registered interest needs kind and in")
                kind = single_text(it["kind"])
                if kind not in cats:
                    raise InputError("%r is not a category of interest in this policy" % kind)
                ints.append({
                    "kind": kind,
                    "in": single_text(it["in"]),
                    "acquired": parse_date(it["acquired"]) if "acquired" in it else None,
                    "declared": parse_date(it["declared"]) if "declared" in it else None,
                })
        out[name] = {"roles": roles, "interests": ints, "holdings": holdings}
    return out


def register_on(register, day):
    """The register as at a day (7.1.5): each person with the roles held
    that day, in the order the register gives them; every person stays
    listed, with no role when they hold none that day."""
    if register is None or day is None:
        return register
    key = (id(register), day)
    got = _REGISTER_ON.get(key)
    if got is not None and got[0] is register:
        return got[1]
    out = {}
    for name, p in register.items():
        out[name] = {"roles": [r for (r, lo, hi) in p["holdings"] if lo <= day <= hi],
                     "interests": p["interests"], "holdings": p["holdings"]}
    if len(_REGISTER_ON) > 4096:
        _REGISTER_ON.clear()
    _REGISTER_ON[key] = (register, out)
    return out


_REGISTER_ON = {}
NO_DAY = -(1 << 62)   # a holding's first day when the register gives none (7.1.5)


DECISION_KEYS = ("matter", "decider", "body", "date", "opened", "fields", "context",
                 "co_signatories", "activated", "interests", "attendance", "subject", "approvals", "urgent")


def read_decision(pol, d, register, entry=False):
    """Type a decision (or, entry=True, a history entry)."""
    if not isinstance(d, dict):
        raise InputError("a decision is a mapping")
    keys = DECISION_KEYS + (("under", "ratified", "reported") if entry else ())
    for k in d:
        if k not in keys:
            raise InputError("a decision has no key %r" % k)
    for k in ("matter", "decider", "date"):
        if k not in d:
            raise InputError("%r is missing" % k)
    if not isinstance(d["matter"], str) or d["matter"] not in pol.matters:
        raise InputError("matter names no matter of the policy")
    matter = pol.matters[d["matter"]]
    dec = {"matter": matter["name"]}
    # the register's roles are those held on the decision's date (7.1.5)
    register = register_on(register, parse_date(d["date"]))
    dec["decider"], dec["decider_person"] = read_person(pol, d["decider"], register, "the decider")
    if "body" in d:
        if isinstance(d["body"], dict):
            raise InputError("a body cannot be written as a person")
        dec["body"] = holder_name(pol, d["body"], "body")
        if not pol.is_body(dec["body"]):
            raise InputError("%r is a role, not a body" % dec["body"])
    else:
        dec["body"] = dec["decider"] if pol.is_body(dec["decider"]) else None
    dec["date"] = parse_date(d["date"])
    dec["opened"] = parse_date(d["opened"]) if "opened" in d else None
    if "fields" in d:
        dec["fields"] = type_mapping(pol, matter.get("fields") or [], d["fields"], "fields")
    elif matter.get("fields"):
        raise InputError("fields are missing")
    else:
        dec["fields"] = {}
    if "context" in d:
        dec["context"] = type_mapping(pol, pol.context, d["context"], "context")
    elif pol.context and not entry:
        raise InputError("context is missing")
    else:
        # a history entry without context reads the decision's (7.1.4, 7.6)
        dec["context"] = None if pol.context else {}
    cos = d.get("co_signatories", [])
    if not isinstance(cos, list):
        raise InputError("co_signatories is not a list")
    dec["co_signatories"] = []
    cos_named = []
    for c in cos:
        # 7.1: a co-signatory is a name, or a person written as for `decider`
        role, person = read_person(pol, c, register, "a co-signatory")
        dec["co_signatories"].append(role)
        cos_named.append(person)
    # 4.12, 7.1: approvals of sub-delegations, { from, to, by, date }
    apps = d.get("approvals", [])
    if not isinstance(apps, list):
        raise InputError("approvals is not a list")
    dec["approvals"] = []
    for a in apps:
        if not isinstance(a, dict) or set(a) != {"from", "to", "by", "date"}:
            raise InputError("an approval is { from, to, by, date }")
        for k in ("from", "to", "by"):
            if not isinstance(a[k], str) or a[k] not in pol.holder:
                raise InputError("an approval's %s is no holder" % k)
        dec["approvals"].append({"from": a["from"], "to": a["to"], "by": a["by"], "date": parse_date(a["date"])})
    # 7.1, 7.15: taken as an urgent decision under standing orders
    if not isinstance(d.get("urgent", False), bool):
        raise InputError("urgent is true or false")
    dec["urgent"] = d.get("urgent", False)
    act = d.get("activated", {})
    if not isinstance(act, dict):
        raise InputError("activated is not a mapping")
    dec["activated"] = {}
    for k, v in act.items():
        if k not in pol.protocols:
            raise InputError("no protocol %r" % k)
        dec["activated"][k] = parse_date(v)
    if entry:
        # a history entry's interests, attendance and subject are accepted
        # but neither read nor checked (7.1.4)
        dec["under"] = None
        dec["ratified"] = None
        if "under" in d:
            if not isinstance(d["under"], str) or d["under"] not in pol.protocols:
                raise InputError("under names no protocol")
            p = pol.protocols[d["under"]]
            grants = [r for r in pol.rules if r.get("kind") == "grant"
                      and r.get("protocol") == p["name"] and r.get("matter") == dec["matter"]]
            if not grants or dec["matter"] in (p.get("never_grant") or []):
                raise InputError("the protocol never grants this matter")
            if dec["urgent"]:
                raise InputError("both under crisis powers and urgent")
            dec["under"] = p["name"]
        if "ratified" in d:
            if dec["under"] is None and not dec["urgent"]:
                raise InputError("ratified without under or urgent")
            dec["ratified"] = parse_date(d["ratified"])
            if dec["ratified"] < dec["date"]:
                raise InputError("ratified before the decision's date")
        # 7.1.4, 7.15: the bodies an urgent decision was reported to, and when
        dec["reported"] = {}
        if "reported" in d:
            if not dec["urgent"] and dec["under"] is None:
                raise InputError("reported for a decision not taken under urgent or crisis powers")
            if not isinstance(d["reported"], dict):
                raise InputError("reported is a mapping of bodies to dates")
            for b, day in d["reported"].items():
                if holder_name(pol, b, "a body reported to") and not pol.is_body(b):
                    raise InputError("%r is a role, not a body" % b)
                dec["reported"][b] = parse_date(day)
                if dec["reported"][b] < dec["date"]:
                    raise InputError("reported before the decision's date")
        return dec
    # conflict keys (decisions only; a history entry's are not read)
    for k in ("interests", "attendance", "subject"):
        if k in d and not isinstance(d[k], list):
            raise InputError("%s is not a list" % k)
    dec["attendance"] = None
    if "attendance" in d:
        dec["attendance"] = []
        for a in d["attendance"]:
            if not isinstance(a, dict):
                raise InputError("an attendance entry is a mapping")
            role, person = read_person(pol, a, register, "a member",
                                       allowed=("person", "role", "present", "presiding"))
            if not isinstance(a.get("present"), bool):
                raise InputError("an attendance entry needs present: true or false")
            # 7.10: the member in the chair; one, and present (R0736)
            if not isinstance(a.get("presiding", False), bool):
                raise InputError("presiding is true or false")
            presiding = a.get("presiding", False)
            if presiding and any(b["presiding"] for b in dec["attendance"]):
                raise InputError("two members are said to preside")
            if presiding and not a["present"]:
                raise InputError("an absent member is said to preside")
            dec["attendance"].append({"role": role, "person": person, "present": a["present"],
                                      "named": person, "presiding": presiding})
    dec["subject"] = None
    if "subject" in d:
        dec["subject"] = []
        for s in d["subject"]:
            if s is None or isinstance(s, (list, dict)):
                raise InputError("an item of subject is a text")
            dec["subject"].append(single_text(s))
    dec["interests"] = []
    for it in d.get("interests", []):
        if not isinstance(it, dict):
            raise InputError("an interest is a mapping")
        for k in it:
            if k not in ("who", "kind", "in", "acquired", "declared", "ruling"):
                raise InputError("an interest has no key %r" % k)
        for k in ("who", "kind", "in"):
            if it.get(k) is None or isinstance(it.get(k), (list, dict)) and k != "who":
                raise InputError("an interest needs %s" % k)
        role, person = read_person(pol, it["who"], register, "the holder of an interest")
        ruling = it.get("ruling")
        if "ruling" in it and ruling not in ("allow", "exclude"):
            raise InputError("a ruling is allow or exclude")
        dec["interests"].append({
            "role": role, "person": person, "kind": single_text(it["kind"]),
            "in": single_text(it["in"]),
            "acquired": parse_date(it["acquired"]) if "acquired" in it else None,
            "declared": parse_date(it["declared"]) if "declared" in it else None,
            "ruling": ruling, "source": "decision"})
    # 7.1 "One person, one spelling" (R0734): names of the decision against
    # each other and against the register's
    names = [dec["decider_person"]] + cos_named + [it["person"] for it in dec["interests"]] + \
        [a["person"] for a in dec["attendance"] or []]
    names = [n for n in names if n is not None]
    for i, n in enumerate(names):
        for m in names[i + 1:] + (list(register) if register is not None else []):
            if same_spelling(n, m):
                raise InputError("%r and %r differ only in capitals or spaces: one person must not "
                                 "be named two ways" % (n, m))
    # 7.1 "Named by role, known to the register": a decider (a role) or a
    # member present written by role alone is the one person the register
    # gives that role
    if dec["decider_person"] is None and pol.is_role(dec["decider"]):
        dec["decider_person"] = named_by_role(register, dec["decider"], "decides")
    # 7.3.1: a refusal for a role follows the decider's person through every
    # role the register gives them
    dec["decider_roles"] = []
    if register is not None and dec["decider_person"] in register:
        dec["decider_roles"] = list(register[dec["decider_person"]]["roles"])
    # 7.1 "Named by role": a member present written by role alone is the
    # register's one holder of the role when the entry is the only one of
    # its role; with several entries of the role, it is someone the
    # attendance does not name, and must name its person (R0725) when some
    # holder of the role that the attendance does not name has registered
    # interests
    att = dec["attendance"] or []
    named_in_att = [b["named"] for b in att if b["named"] is not None]
    for a in att:
        if not a["present"] or a["person"] is not None or register is None:
            continue
        holders = register_holders(register, a["role"])
        unnamed = [h for h in holders if h not in named_in_att]
        if sum(1 for b in att if b["role"] == a["role"]) == 1:
            # the only entry of its role: the register's one holder of it,
            # unless the attendance names that person in another entry (one
            # person, one entry: then it is someone the register does not
            # list)
            # SPEC-AMBIGUITY: 7.1: for the only entry of its role, with
            # several holders in the register, we apply the rule for a
            # decider to the holders the attendance does not name: R0725
            # when any of them has registered interests, the role alone
            # otherwise.
            if len(holders) == 1:
                a["person"] = unnamed[0] if unnamed else None
            elif any(register[h]["interests"] for h in unnamed):
                raise InputError("the register lists several people who hold %r, some with registered "
                                 "interests: say which one attends" % a["role"])
            continue
        if any(register[h]["interests"] for h in unnamed):
            raise InputError("the register gives %r to people with registered interests whom the "
                             "attendance does not name, and this entry does not say who it is" % a["role"])
    # 7.1, 7.10: a co-signatory written as a person is that person; one
    # written by role alone is the register's one holder of the role
    # SPEC-AMBIGUITY: 7.10 speaks of a co-signatory "whose role the register
    # gives to one person"; a co-signatory written as a person is taken to
    # be that person (their registered interests are weighed, and an
    # interest naming another person is not theirs), as 7.1 says persons
    # are written "so that the register's interests of the right person are
    # weighed".
    dec["co_signatory_people"] = []
    for c, named in zip(dec["co_signatories"], cos_named):
        dec["co_signatory_people"].append(named if named is not None
                                          else named_by_role(register, c, "signs"))
    return dec


# ---------------------------------------------------------------- evaluation

class Evaluation:
    def __init__(self, pol, dec, history, register):
        self.pol = pol
        self.dec = dec
        self.history = history
        self.register = register_on(register, dec["date"])
        self.matter = pol.matters[dec["matter"]]
        self.env = (pol, dec["fields"], dec["context"], self.total_of, dec["date"])
        self.decider = dec["decider"]
        self.setaside_cache = {}
        # the co-signatories who sign: those a counting interest excludes are
        # left out (7.10 "A conflicted co-signatory"), set by conflicts()
        self.cosigs = list(dec["co_signatories"])
        self.cosig_people = list(dec["co_signatory_people"])
        # whether the decider stands aside (7.10 "A conflicted decider")
        self.stands_aside = False

    # ---- conditions

    def holds(self, e, who=None):
        """Whether condition e holds for the decision, taken by `who` (the
        decider by default: a chain or a walk up weighs the decision as
        each holder would take it, 7.4)."""
        if e is None:
            return True
        env = self.env + (self.decider if who is None else who, self.cosigs)
        return bool(eval_expr(e, env))

    def days(self, e):
        return eval_expr(e, self.env)

    # ---- 7.3.2 applies / set aside

    def applies_for_precedence(self, r, who=None):
        """Whether r applies (7.3.2) to the decision taken by `who` (the
        decider by default)."""
        who = self.decider if who is None else who
        if r.get("matter") != self.dec["matter"]:
            return False
        if not self.holds(r.get("when"), who):
            return False
        k = r.get("kind")
        if k == "refuse" and r.get("for") is not None and r["for"] != who and \
                not (who == self.decider and r["for"] in self.dec["decider_roles"]):
            return False
        if k == "escalate":
            if r.get("from") is not None and r["from"] != who:
                return False
            if r.get("after") is not None:
                if self.dec["opened"] is None:
                    return False
                if not (self.dec["date"] - self.dec["opened"] > self.days(r["after"])):
                    return False
        if k == "urgent" and not (self.dec["urgent"] and r.get("to") == who):
            # 7.3.2, 7.15: only for a decision said to be urgent, by its holder
            return False
        if k == "grant":
            # 7.3.2: a grant applies only when its protocol is in force
            # (active, 7.9) and does not `never grant` the matter.
            p = self.pol.protocols.get(r.get("protocol"))
            if p is None or self.dec["matter"] in (p.get("never_grant") or []):
                return False
            if self.activation(p) != "active":
                return False
        # SPEC (was an ambiguity, now stated): 7.3.2: for the rule that takes precedence, a `limit`
        # applies when its `when` holds (its `for` is not looked at): the list
        # of 7.3.2 names no further condition for it.
        return True

    def beaters(self, rid):
        """Ids of rules that take precedence over rule rid, transitively."""
        direct = {}
        for line in self.pol.precedence:
            ids = line.get("rules") or []
            # SPEC 7.3.2: rules of different matters never apply to the same
            # decision, so a line links each rule only to the one before it of
            # its own matter; a rule of another matter between them is passed
            # over, and links nothing (`a over b` and `b over c` on two lines,
            # b of another matter, do not put a over c).
            last = {}
            for rid_ in ids:
                r_ = self.pol.rule_by_id.get(rid_)
                m = r_.get("matter") if r_ is not None else None
                if m in last:
                    direct.setdefault(rid_, []).append(last[m])
                last[m] = rid_
        seen = []
        todo = [rid]
        while todo:
            x = todo.pop(0)
            for a in direct.get(x, []):
                if a not in seen:
                    seen.append(a)
                    todo.append(a)
        # SPEC (was an ambiguity, now stated): 7.3.2: in a cycle (a over b, b over a) the
        # transitive closure makes a rule beat itself; we never count a rule
        # as setting itself aside, so with a cycle each is set aside exactly
        # when another rule of the cycle applies ("when both apply, both are
        # set aside").
        return [a for a in seen if a != rid]

    def set_aside(self, r, who=None):
        """The rule that sets r aside for the decision taken by `who` (the
        decider by default), or None."""
        who = self.decider if who is None else who
        key = (r.get("id"), who)
        if key in self.setaside_cache:
            return self.setaside_cache[key]
        res = None
        for a in self.beaters(r.get("id")):
            ar = self.pol.rule_by_id.get(a)
            if ar is not None and self.applies_for_precedence(ar, who):
                res = ar
                break
        self.setaside_cache[key] = res
        return res

    # ---- 7.7 signatures

    def alternatives(self, s):
        op = s["op"]
        if op == "slot":
            return [[(s["who"], s.get("is", "holder"))] * int(s.get("count", 1))]
        if op == "or":
            out = []
            for a in s["args"]:
                out.extend(self.alternatives(a))
            return out[:MAX_ALTS]
        if op == "and":
            out = [[]]
            for a in s["args"]:
                alts = self.alternatives(a)
                nxt = []
                for x in out:
                    for y in alts:
                        nxt.append(x + y)
                out = nxt[:MAX_ALTS]
            return out
        raise ValueError("unknown signer op %r" % op)

    def signatories(self, with_decider):
        pol = self.pol
        out = []
        # 7.7: a person signs once, whatever roles they name (the decider
        # as themselves, never again as a co-signatory)
        people = [self.dec["decider_person"]] if self.dec["decider_person"] is not None else []
        if with_decider:
            out.append(self.decider)
        for n, person in zip(self.cosigs, self.cosig_people):
            if len(out) == MAX_SIGNERS:
                break
            if person is not None and person in people:
                continue
            if n in out and not (pol.is_role(n) and pol.multi_role(n)):
                continue
            out.append(n)
            if person is not None:
                people.append(person)
        return out

    def fills(self, signer, slot):
        who, is_ = slot
        if is_ == "kind":
            return self.pol.is_role(signer) and who in self.pol.role_kinds(signer)
        return signer == who

    def satisfied(self, s, with_decider):
        signers = self.signatories(with_decider)
        for alt in self.alternatives(s):
            if self.match(alt, signers):
                return True
        return False

    def match(self, slots, signers):
        # bipartite matching of slots to different signatories (augmenting paths)
        if len(slots) > len(signers):
            return False
        owner = [None] * len(signers)

        def augment(i, seen):
            for j, sg in enumerate(signers):
                if j in seen or not self.fills(sg, slots[i]):
                    continue
                seen.add(j)
                if owner[j] is None or augment(owner[j], seen):
                    owner[j] = i
                    return True
            return False

        for i in range(len(slots)):
            if not augment(i, set()):
                return False
        return True

    # ---- 7.4 delegations and chains

    def money_field(self):
        ms = [f["name"] for f in self.matter.get("fields") or [] if f["type"] == "money"]
        return ms[0] if len(ms) == 1 else None

    def bounds_hold(self, r, who=None):
        """when, up to, limit (7.4 items 1-3), for the decision taken by who."""
        if not self.holds(r.get("when"), who):
            return False
        if r.get("up_to") is not None:
            mf = self.money_field()
            if mf is not None and self.dec["fields"][mf] > r["up_to"]:
                return False
        if not self.holds(r.get("limit")):
            return False
        return True

    def approved(self, r, below):
        """4.12: the decision records that r's delegate passed the matter on
        to `below` with the approval r names, given by the decision's date."""
        by = r.get("subdelegate_approved_by")
        return any(a["from"] == r["to"] and a["to"] == below and a["by"] == by and a["date"] <= self.dec["date"]
                   for a in self.dec.get("approvals") or [])

    def prior_approval(self, ap):
        """4.12: an earlier decision of the matter in the history, taken by
        ap's holder (with ap's per, of the same value), dated before this
        one."""
        dec = self.dec
        per = ap.get("per")
        return any(e["matter"] == dec["matter"] and e["decider"] == ap["by"] and e["date"] < dec["date"]
                   and (per is None or e["fields"][per] == dec["fields"][per]) for e in self.history)

    def why_not(self, r, last, who=None, below=None):
        """None when delegation or grant r carries authority to this decision
        (as the last link when last), else the reason kind."""
        # SPEC (was an ambiguity, now stated): 7.4/7.11: when a delegation fails on several counts,
        # the reason is the first failing item in the order of the numbered
        # list of 7.4 (when/up to/limit, with, advise, joint, subdelegate,
        # precedence), not the order the kinds are listed in 7.11.
        if not self.bounds_hold(r, who):
            return "outside_delegated_authority"
        if r.get("with") is not None and not self.satisfied(r["with"], False):
            return "co_signature_missing"
        if r.get("kind") == "delegate":
            if r.get("as") == "advise":
                return "advice_only"
            if r.get("as") == "joint":
                if not (r["from"] in self.cosigs or r["from"] == self.dec["body"]):
                    return "joint_decision"
            if not last and not r.get("may_subdelegate"):
                return "no_subdelegation"
            if not last and r.get("subdelegate_approved_by") is not None and not self.approved(r, below):
                return "subdelegation_not_approved"
        if r.get("after_approval") is not None and not self.prior_approval(r["after_approval"]):
            return "prior_approval_missing"
        if self.set_aside(r, who) is not None:
            return "set_aside_by_precedence"
        return None

    def delegations_to(self, holder):
        return [r for r in self.pol.matter_rules(self.dec["matter"], "delegate") if r.get("to") == holder]

    def find_chain(self, decider):
        """Shortest chain (list of delegation rules, start first) to decider,
        or None.  Depth-first in declaration order; a later chain replaces the
        one found only when strictly shorter (so: the first of the shortest)."""
        if self.pol.is_root(decider):
            return []
        best = [None]
        steps = [0]

        # SPEC-AMBIGUITY: 7.14: EV_MAX_STEPS (4,096 steps of one chain search)
        # does not say what a step is; we count one step per delegation looked
        # at, which can only matter for dense webs of delegations.
        def dfs(holder, path_rules, path_holders):
            for r in self.delegations_to(holder):
                if steps[0] >= MAX_STEPS:
                    return
                steps[0] += 1
                n = len(path_rules) + 1
                if n > MAX_CHAIN:
                    return
                if best[0] is not None and n >= len(best[0]):
                    return
                if r["from"] in path_holders:
                    continue
                if self.why_not(r, last=(holder == decider), who=decider,
                                below=path_rules[0]["to"] if path_rules else None) is not None:
                    continue
                chain = [r] + path_rules
                if self.pol.is_root(r["from"]):
                    best[0] = chain
                    continue
                dfs(r["from"], chain, path_holders + [r["from"]])

        dfs(decider, [], [decider])
        return best[0]

    def chain_holders(self, chain, decider):
        if not chain:
            return [decider]
        return [chain[0]["from"]] + [r["to"] for r in chain]

    # ---- 7.9 protocols

    def activation(self, p):
        """(active_when holds, state) with state 'active', 'expired',
        'not_yet' or 'off'."""
        env = (self.pol, {}, self.dec["context"])
        if not eval_expr(p["active_when"], env):
            return "off"
        if p.get("expires_after") is not None:
            a = self.dec["activated"].get(p["name"])
            if a is None:
                return "not_yet"  # cannot happen: R0727 is checked first
            n = eval_expr(p["expires_after"], env)
            if self.dec["date"] < a:
                return "not_yet"
            if self.dec["date"] >= sat(a + n):
                return "expired"
        return "active"

    def grants_to(self, holder):
        return [r for r in self.pol.matter_rules(self.dec["matter"], "grant") if r.get("to") == holder]

    def grant_state(self, g, who=None):
        """None when the grant works; else a reason kind (or 'skip')."""
        p = self.pol.protocols.get(g.get("protocol"))
        if p is None or self.dec["matter"] in (p.get("never_grant") or []):
            return "skip"
        st = self.activation(p)
        if st in ("off", "not_yet"):
            return "crisis_powers_not_in_force"
        why = self.why_not(g, last=True, who=who)
        if why is not None:
            return why
        if st == "expired":
            return "crisis_powers_expired"
        return None

    def find_grant(self, holder):
        for g in self.grants_to(holder):
            if self.grant_state(g, holder) is None:
                return g
        return None

    # ---- 7.15 urgent decisions

    def urgent_to_decider(self, frm=None):
        """The urgent powers of the matter to the decider (from body frm,
        when given), in declaration order; none unless the decision says it
        is urgent."""
        if not self.dec["urgent"]:
            return []
        return [r for r in self.pol.matter_rules(self.dec["matter"], "urgent")
                if r.get("to") == self.decider and (frm is None or r.get("from") == frm)]

    def urgent_power(self, frm):
        """The first urgent power from frm to the decider that works."""
        for u in self.urgent_to_decider(frm):
            if self.why_not(u, last=True) is None:
                return u
        return None

    def urgent_faults(self, frm=None):
        """7.15: why each urgent power to the decider (from frm) does not
        take the decision; with no frm, for one that works, why each
        delegation to its body does not carry it (as the body would take it)."""
        out = []
        for u in self.urgent_to_decider(frm):
            why = self.why_not(u, last=True)
            if why is not None:
                out.append({"kind": why, "rule": rule_ref(u)})
            elif frm is None:
                for e in self.delegations_to(u["from"]):
                    w2 = self.why_not(e, last=True, who=u["from"])
                    if w2 is not None:
                        out.append({"kind": w2, "rule": rule_ref(e)})
        return out

    def urgent_chain(self):
        """7.15: with no authority of its own (no chain, no grant), the first
        urgent power to the decider that works, from a body with a chain of
        delegations (or where authority starts): that chain and the power."""
        for u in self.urgent_to_decider():
            if self.why_not(u, last=True) is not None:
                continue
            bc = self.find_chain(u["from"])
            if bc is not None and len(bc) + 1 <= MAX_CHAIN:
                return bc + [u]
        return None

    # ---- 7.4 at or above, who else can decide

    def at_or_above(self, x, t):
        """7.4 "At or above": X is T, or a path leads up from T to X, each
        step from a body to a body it reports to, or from the delegate of a
        delegation of the matter to its delegator, in any mix."""
        if x == t:
            return True
        # SPEC-AMBIGUITY: 7.4: "the search follows at most 64 steps": we take
        # a step to be one holder taken from the breadth-first queue.
        dels = self.pol.matter_rules(self.dec["matter"], "delegate")
        seen = [t]
        queue = [t]
        steps = 0
        while queue and steps < MAX_WALK:
            h = queue.pop(0)
            steps += 1
            ups = list(self.pol.reports_to(h)) + [r["from"] for r in dels if r.get("to") == h]
            for u in ups:
                if u == x:
                    return True
                if u not in seen:
                    seen.append(u)
                    queue.append(u)
        return False

    def is_candidate(self, h):
        if self.find_chain(h) is not None:
            return True
        return self.find_grant(h) is not None

    def sits_on(self, role):
        """The bodies whose `members` line names the role, in declaration
        order (7.4)."""
        out = []
        for h in self.pol.holders:
            if h.get("is") == "body" and any(m.get("role") == role for m in h.get("members") or []):
                out.append(h["name"])
        return out

    def one_step_above(self, x):
        """7.4 "Who else can decide": the holders one step above X: a body's
        `reports to`, or the bodies a role sits on; then the delegators of
        the matter's delegations to X, in declaration order."""
        own = self.pol.reports_to(x) if self.pol.is_body(x) else self.sits_on(x)
        return list(own) + [r["from"] for r in self.delegations_to(x)]

    def walk_up(self, start):
        """The walk of "who else can decide" (7.4), without the last resort:
        the lowest candidate one step above the first holder that has any,
        or None."""
        # SPEC (was an ambiguity, now stated): 7.4: a candidate is judged with the decision's own
        # fields, co-signatories and body, and precedence is judged again for
        # it "if it took this decision itself": a refuse `for` it or an
        # escalation `from` it may set a delegation to it aside.  (Our first
        # reading kept the real decider; the C tool, run as a black box,
        # re-judges, which "itself" supports.)
        seen = [start]
        queue = [start]
        while queue:
            x = queue.pop(0)
            fresh = []
            for a in self.one_step_above(x):
                if a not in seen:
                    seen.append(a)
                    fresh.append(a)
            cands = [a for a in fresh if self.is_candidate(a)]
            if cands:
                best = cands[0]
                for c in cands[1:]:
                    if self.at_or_above(best, c) and not self.at_or_above(c, best):
                        best = c
                return best
            for a in fresh:
                # SPEC-AMBIGUITY: 7.14: "its queue holds at most 64 holders":
                # we stop adding to the queue once 64 holders have been met.
                if len(queue) < MAX_WALK and len(seen) <= MAX_WALK:
                    queue.append(a)
        return None

    def who_else(self, start):
        a = self.walk_up(start)
        if a is not None:
            return a
        pol = self.pol
        pool = []
        for h in pol.holders:
            n = h["name"]
            if n == start:
                continue
            if pol.is_root(n):
                pool.append(n)
                continue
            for r in pol.matter_rules(self.dec["matter"]):
                if r.get("kind") in ("delegate", "grant") and r.get("to") == n:
                    pool.append(n)
                    break
        best = None
        best_key = None
        for n in pool:
            ch = self.find_chain(n)
            if ch is not None:
                length = len(ch)
            elif self.find_grant(n) is not None:
                # SPEC (was an ambiguity, now stated): 7.4: the length of a crisis grant's "chain"
                # when ranking candidates: we count it as one link.
                length = 1
            else:
                continue
            t = pol.tier_of(n)
            key = (-length, t if t is not None else len(pol.tiers) + 1, pol.holder_order[n])
            if best_key is None or key < best_key:
                best, best_key = n, key
        return best

    # ---- 7.10 conflicts

    def conflict_block(self, kind):
        b = self.dec["body"]
        if b is not None:
            for blk in self.pol.conflicts:
                if blk.get("for") == b:
                    for c in blk.get("categories") or []:
                        if c["name"] == kind:
                            return blk, c
        for blk in self.pol.conflicts:
            if blk.get("for") is None:
                for c in blk.get("categories") or []:
                    if c["name"] == kind:
                        return blk, c
        return None, None

    def gather_interests(self):
        """The decision's interests then the registered ones (7.10, 7.1.5),
        each with its block and category; raises InputError as 7.1.2 says."""
        out = []
        for it in self.dec["interests"]:
            blk, cat = self.conflict_block(it["kind"])
            if cat is None:
                raise InputError("%r is not a category of the conflicts rules for this decision" % it["kind"])
            if "chair decides" in cat.get("actions", []) and it["ruling"] is None:
                raise InputError("the chair's ruling is missing (Remit does not guess it)")
            out.append(dict(it, block=blk, cat=cat))
        if self.register is None:
            return out
        sources = []
        for a in self.dec["attendance"] or []:
            if a["present"] and a["person"] is not None:
                sources.append((a["person"], a["role"]))
        if self.dec["decider_person"] is not None:
            sources.append((self.dec["decider_person"], self.decider))
        for c, person in zip(self.dec["co_signatories"], self.dec["co_signatory_people"]):
            if person is not None:
                sources.append((person, c))
        # SPEC-AMBIGUITY: 7.1.5: "a registered interest listed twice" is
        # skipped; we skip any registered interest of the same person, kind
        # and `in` as one already taken (so a person present twice, or present
        # and deciding, brings each interest once, in the first role met).
        taken = []
        for person, role in sources:
            reg = self.register.get(person)
            if reg is None:
                continue
            for ri in reg["interests"]:
                key = (person, ri["kind"], ri["in"])
                if key in taken:
                    continue
                restated = False
                for it in self.dec["interests"]:
                    if it["person"] == person and it["kind"] == ri["kind"] and it["in"] == ri["in"]:
                        restated = True
                if restated:
                    continue
                blk, cat = self.conflict_block(ri["kind"])
                if cat is None:
                    continue
                if "chair decides" in cat.get("actions", []):
                    raise InputError("the register gives an interest of kind %r on which the chair "
                                     "decides, and the decision gives no ruling" % ri["kind"])
                taken.append(key)
                out.append({"role": role, "person": person, "kind": ri["kind"], "in": ri["in"],
                            "acquired": ri["acquired"], "declared": ri["declared"],
                            "ruling": None, "source": "register", "block": blk, "cat": cat})
        return out

    def subjects(self):
        """The values of the matter's text fields, then the items of
        `subject`: it adds to them, never replaces them (7.1, 7.10)."""
        out = []
        for f in self.matter.get("fields") or []:
            if f["type"] == "text":
                out.append(self.dec["fields"][f["name"]])
        return out + list(self.dec["subject"] or [])

    @staticmethod
    def same_one(role1, person1, role2, person2):
        """7.10: an interest follows its person through every role they
        hold: when both people are known, the same person; else the same
        role."""
        if person1 is not None and person2 is not None:
            return person1 == person2
        return role1 == role2

    def taking_part(self, it):
        """How the holder of interest `it` takes part (7.10): a subset of
        'decider', 'member', 'cosig'."""
        pol = self.pol
        dec = self.dec
        out = set()
        if pol.is_role(self.decider) \
                and self.same_one(it["role"], it["person"], self.decider, dec["decider_person"]):
            out.add("decider")
        for a in dec["attendance"] or []:
            if a["present"] and self.same_one(it["role"], it["person"], a["role"], a["person"]):
                # SPEC-AMBIGUITY: 7.10: when the decider is a body and no
                # attendance is given no one takes part; when attendance is
                # given, present members take part whether the decider is a
                # body (a meeting) or a role (declarations and findings only).
                out.add("member")
                break
        for c, person in zip(dec["co_signatories"], dec["co_signatory_people"]):
            if self.same_one(it["role"], it["person"], c, person):
                out.add("cosig")
                break
        return out

    def excludes(self, it):
        acts = it["cat"].get("actions") or []
        if any(a in acts for a in EXCLUDING_ACTIONS):
            return True
        return "chair decides" in acts and it["ruling"] == "exclude"

    def seats(self, b):
        """The number of members of body b at a meeting (7.10): its seats,
        counted from its `members` line; the attendance's entries when the
        line names no one."""
        dec = self.dec
        att = dec["attendance"] or []
        line = self.pol.holder[b].get("members") or []
        if not line:
            return len(att)
        per_role = {}
        for m in line:
            mn, mx = per_role.get(m["role"], (0, 0))
            mx = None if (mx is None or m.get("max") is None) else mx + m["max"]
            per_role[m["role"]] = (mn + m["min"], mx)
        total = 0
        for r, (mn, mx) in per_role.items():
            known = sum(1 for a in att if a["role"] == r)
            if self.register is not None:
                known = max(known, len(register_holders(self.register, r)))
            n = max(known, mn)
            if mx is not None:
                n = min(n, mx)
            total += n
        return total

    def conflicts(self):
        """Level 1 conflicts and quorum: returns (declarations, findings,
        reasons, verdict, refer_to) where verdict is None, 'refused' or
        'refer'.  Sets self.cosigs and self.stands_aside."""
        pol = self.pol
        dec = self.dec
        decls = []
        findings = []
        counting = []
        subj = self.subjects()
        for it in self.gather_interests():
            who = self.taking_part(it)
            if not who or it["in"] not in subj:
                continue
            counting.append((it, who))
            acts = it["cat"].get("actions") or []
            if "declare" in acts and it["declared"] is None:
                decls.append({"due": format_date(dec["date"]),
                              "file": "the decision's interests" if it["source"] == "decision" else "the register",
                              "line": 0})
            blk = it["block"]
            if "declare" in acts and blk.get("declare_within") is not None and it["acquired"] is not None:
                # SPEC (moot since R0410: lengths of time are fixed): 7.10: `declare within` may use context
                # values; it is evaluated over the decision being evaluated.
                # 7.1.5, 7.10: from the later of acquiring it and taking up
                # the role its holder takes part in, when the register dates it
                due = sat(max(it["acquired"], self.held_since(it["person"], it["role"], blk.get("for")))
                          + self.days(blk["declare_within"]))
                late = (it["declared"] > due) if it["declared"] is not None else (dec["date"] > due)
                if late:
                    findings.append({"kind": "late_declaration", "due": format_date(due),
                                     "file": blk.get("declare_file"), "line": blk.get("declare_line")})
        reasons = []
        # a conflicted co-signatory does not sign (7.10)
        # 7.10: each entry of the interest's role, but an entry naming
        # another person than the interest does (the C tool agrees)
        out = [it for it, who in counting if "cosig" in who and self.excludes(it)]
        keep = [(c, person) for c, person in zip(dec["co_signatories"], dec["co_signatory_people"])
                if not any(self.same_one(it["role"], it["person"], c, person) for it in out)]
        self.cosigs = [c for c, _ in keep]
        self.cosig_people = [person for _, person in keep]
        # a conflicted decider stands aside (7.10)
        # SPEC-AMBIGUITY: 7.10: a decider who stands aside still counts as a
        # signatory of joint approval (level 3): only its authority is not
        # used, and 7.7 names the decider among the signatories.
        for it, who in counting:
            if "decider" in who and self.excludes(it):
                self.stands_aside = True
                # the category's `interest` line (11.9 CONFLICTS: a
                # category's file and line; an older export has none)
                r = {"kind": "conflicted_decider"}
                if it["cat"].get("file") is not None:
                    r["rule"] = {"file": it["cat"]["file"], "line": it["cat"].get("line")}
                reasons.append(r)
                break
        # a meeting
        att = dec["attendance"]
        if att is None or not pol.is_body(self.decider):
            return decls, findings, reasons, None, None
        aside = [False] * len(att)
        aside_people = []
        refer = None
        for it, who in counting:
            if "member" not in who or not self.excludes(it):
                continue
            # a named person stands aside once, through whichever entry
            if it["person"] is not None and it["person"] in aside_people:
                continue
            chosen = None
            if it["person"] is not None:
                for i, a in enumerate(att):
                    if a["present"] and a["role"] == it["role"] and a["person"] == it["person"]:
                        chosen = i
                        break
                if chosen is not None:
                    if chosen >= MAX_ATTENDEES or aside[chosen]:
                        continue
            if chosen is None:
                for i, a in enumerate(att[:MAX_ATTENDEES]):
                    if not a["present"] or a["role"] != it["role"] or aside[i]:
                        continue
                    if it["person"] is not None and a["person"] is not None and a["person"] != it["person"]:
                        continue
                    chosen = i
                    break
            if chosen is None:
                continue
            aside[chosen] = True
            for n in (it["person"], att[chosen]["person"]):
                if n is not None and n not in aside_people:
                    aside_people.append(n)
            if it["block"].get("quorum_lost_refer_to") is not None:
                refer = it["block"]["quorum_lost_refer_to"]
        q = pol.holder[self.decider].get("quorum")
        if q is None:
            if self.presiding_fault(att, aside):
                return decls, findings, reasons + [{"kind": "presiding_not_allowed"}], "refused", None
            return decls, findings, reasons, None, None
        members = self.seats(self.decider)
        everyone = [a for a in att if a["present"]]
        remaining = [a for i, a in enumerate(att) if a["present"] and not aside[i]]
        if not self.quorate(q, everyone, members):
            return decls, findings, [{"kind": "not_quorate"}], "refused", None
        if self.quorate(q, remaining, members):
            if self.presiding_fault(att, aside):
                return decls, findings, reasons + [{"kind": "presiding_not_allowed"}], "refused", None
            return decls, findings, reasons, None, None
        reasons = [{"kind": "quorum_lost_to_conflicts"}]
        if refer is None:
            return decls, findings, reasons, "refused", None
        return decls, findings, reasons, "refer", refer

    def presiding_fault(self, att, aside):
        """7.10: whether the member in the chair may not preside: set aside by
        an interest; of a role or kind that never chairs the body (in any
        role the register gives the person); or not the first of
        `chaired by` that has a member present and taking part."""
        b = self.pol.holder[self.decider]
        if not (b.get("chaired_by") or b.get("never_chaired_by")):
            return False  # the body says nothing of who presides
        k = next((i for i, a in enumerate(att) if a["presiding"]), None)
        if k is None:
            return False
        a = att[k]

        def fits(c, role):
            return role == c["name"] if c["is"] == "role" else c["name"] in self.pol.role_kinds(role)

        def out(i):
            return i < MAX_ATTENDEES and aside[i]

        if out(k):
            return True
        roles = [a["role"]]
        if self.register is not None and a["person"] in self.register:
            roles += self.register[a["person"]]["roles"]
        if any(fits(c, r) for c in b.get("never_chaired_by") or [] for r in roles):
            return True
        for c in b.get("chaired_by") or []:
            if any(x["present"] and not out(i) and fits(c, x["role"]) for i, x in enumerate(att)):
                return not fits(c, a["role"])
        return False

    def referral(self, r_body):
        """7.10 item 3: (the holder a meeting that lost its quorum goes to,
        or None when it is refused; a reason to add when refused, or None)."""
        body = self.decider
        if r_body == body:
            # the block refers the decision to the deciding body itself
            return None, None
        res_rules = [r for r in self.pol.matter_rules(self.dec["matter"], "reserve")
                     if self.holds(r.get("when")) and self.set_aside(r) is None]
        # SPEC-AMBIGUITY: 7.10 item 3: "no reservation that applies gives it
        # to another holder" is read literally: a reservation to the deciding
        # body itself is to another holder than R, so R never takes a
        # decision reserved to the body (7.5: no delegation authorises a
        # reserved decision), and the third case refuses it.
        if self.is_candidate(r_body) and not any(r["to"] != r_body for r in res_rules):
            return r_body, None
        # SPEC-AMBIGUITY: 7.10: with several applying reservations (to
        # different holders, a contradiction at level 2), we take the first,
        # in declaration order, whose holder is not the deciding body.
        for r in res_rules:
            if r["to"] != body:
                return r["to"], None
        if res_rules:
            # reserved to the deciding body itself: no one else may take it
            # SPEC (was an ambiguity, now stated): 7.10 item 3 says "refused";
            # 7.12's reason table adds a `reserved` reason naming the
            # reservation, after `quorum_lost_to_conflicts`.
            return None, {"kind": "reserved", "rule": rule_ref(res_rules[0])}
        w = self.walk_up(r_body)
        if w is None or w == body:
            return None, None
        return w, None

    def quorate(self, q, counted, members):
        """4.7: every term holds; of alternatives (a term with "or": true
        and those before it back to one without), at least one."""
        groups = []
        for t in q.get("terms") or []:
            if t.get("or") and groups:
                groups[-1].append(t)
            else:
                groups.append([t])
        return all(any(self.quorum_term(t, counted, members) for t in g) for g in groups)

    def quorum_term(self, t, counted, members):
        pol = self.pol
        n = len(counted)
        if True:
            k = t["term"]
            if k == "majority":
                ok = n * 2 > members
            elif k == "all":
                ok = n == members
            elif k == "count":
                ok = n >= t["n"]
            elif k == "percent":
                ok = n * 10000 >= t["basis_points"] * members
            elif k == "fraction":
                ok = n * t["of"] >= t["n"] * members
            elif k == "role":
                ok = sum(1 for a in counted if a["role"] == t["role"]) >= t["n"]
            elif k == "kind":
                ok = sum(1 for a in counted if pol.is_role(a["role"]) and t["kind"] in pol.role_kinds(a["role"])) >= t["n"]
            else:
                raise ValueError("unknown quorum term %r" % k)
            return ok

    def held_since(self, person, role, body):
        """7.1.5, 7.10: the first day of the person's unbroken time in post
        through their holding of role on the decision's date: back through
        every holding that meets or overlaps it, of that role or of a role
        that sits on body (any role when body is None); no day when it
        reaches a holding with no first day, or nothing is dated.  A person
        named by role alone is the register's one holder of it that day."""
        if self.register is None or self.pol.is_body(role):
            return NO_DAY
        if person is None:
            holders = register_holders(self.register, role)
            person = holders[0] if len(holders) == 1 else None
        reg = self.register.get(person) if person is not None else None
        hs = reg["holdings"] if reg else []
        day = self.dec["date"]
        cur = next((h for h in hs if h[0] == role and h[1] <= day <= h[2]), None)
        if cur is None or not any(lo > NO_DAY or hi < -NO_DAY for (_, lo, hi) in hs):
            return NO_DAY

        def counts(r):
            if r == role or body is None:
                return True
            return any(m["role"] == r for m in self.pol.holder[body].get("members") or [])
        start = cur[1]
        more = True
        while more and start > NO_DAY:
            more = False
            for (r, lo, hi) in hs:
                if counts(r) and lo < start and hi >= start - 1:
                    start, more = lo, True
        return start

    # ---- 7.9 ratification findings

    def ratification_findings(self):
        out = []
        dec = self.dec
        for e in self.history:
            if e.get("under") is None:
                continue
            p = self.pol.protocols[e["under"]]
            if p.get("ratify_by") is None or p.get("ratify_within") is None:
                continue
            # SPEC (was an ambiguity, now stated): 7.9: "its `active when` holds (active, or expired
            # but still holding)": we read the parenthesis as the condition, so
            # a protocol whose `active when` holds but which was activated after
            # the decision's date does not make the decision concerned.
            concerned = self.activation(p) in ("active", "expired") \
                or self.decider == p["ratify_by"] or dec["body"] == p["ratify_by"]
            if not concerned:
                continue
            # SPEC (moot since R0410: lengths of time are fixed): 7.9: `ratify ... within` may use context values;
            # for a history entry we evaluate it over the entry's own context
            # values (the decision's when the entry gives none).
            n = eval_expr(p["ratify_within"], (self.pol, e["fields"], self.entry_context(e)))
            due = sat(e["date"] + n)
            if due < dec["date"] and (e["ratified"] is None or e["ratified"] > dec["date"]):
                out.append({"kind": "ratification_overdue", "due": format_date(due),
                            "file": p.get("ratify_file"), "line": p.get("ratify_line")})
        # 7.15: urgent decisions, and the reports of decisions under crisis
        # grants, in the order of the history, after those
        for e in self.history:
            if e.get("under") is not None:
                self.crisis_reports(e, out)
                continue
            if not e.get("urgent"):
                continue
            # the urgent power it was taken under: the first of its matter to
            # its decider that is ratified and whose `up to` and `limit` hold
            # for it
            u = ob = None
            mf = next((f["name"] for f in self.pol.matters[e["matter"]]["fields"] if f["type"] == "money"), None)
            for r in self.pol.matter_rules(e["matter"], "urgent"):
                obs = [o for o in r.get("obligations") or [] if o["kind"] == "ratify"]
                if r["to"] != e["decider"] or not obs:
                    continue
                if r.get("up_to") is not None and (mf is None or e["fields"][mf] > r["up_to"]):
                    continue
                if r.get("limit") is not None and \
                        not eval_expr(r["limit"], (self.pol, e["fields"], self.entry_context(e))):
                    continue
                u, ob = r, obs[0]
                break
            if u is None:
                continue
            # its first `ratify by` and each `report to`, in the power's order
            for o in u.get("obligations") or []:
                if o is not ob and o["kind"] != "report":
                    continue
                if not (self.decider == o["to"] or dec["body"] == o["to"]
                        or (dec["urgent"] and self.decider == u["to"])):
                    continue
                due = self.obligation_due(o, e["date"])
                if due is None or due >= dec["date"]:
                    continue
                done = e["ratified"] if o is ob else e["reported"].get(o["to"])
                if done is None or done > dec["date"]:
                    out.append({"kind": "ratification_overdue" if o is ob else "report_overdue",
                                "due": format_date(due), "file": o.get("file"), "line": o.get("line")})
        return out

    def entry_within(self, r, e):
        """The `up to` and `limit` of rule r hold for history entry e."""
        mf = next((f["name"] for f in self.pol.matters[e["matter"]]["fields"] if f["type"] == "money"), None)
        if r.get("up_to") is not None and (mf is None or e["fields"][mf] > r["up_to"]):
            return False
        return r.get("limit") is None or eval_expr(r["limit"], (self.pol, e["fields"], self.entry_context(e)))

    def crisis_reports(self, e, out):
        """7.15: the reports of an entry taken under crisis powers: those of
        the first grant of its protocol and matter to its decider whose
        `up to` and `limit` hold, each a finding on a decision by or for
        the body reported to when not reported by the decision's date."""
        dec = self.dec
        g = next((r for r in self.pol.matter_rules(e["matter"], "grant")
                  if r.get("protocol") == e["under"] and r["to"] == e["decider"] and self.entry_within(r, e)),
                 None)
        for o in (g.get("obligations") or []) if g else []:
            if o["kind"] != "report" or not (self.decider == o["to"] or dec["body"] == o["to"]):
                continue
            due = self.obligation_due(o, e["date"])
            if due is None or due >= dec["date"]:
                continue
            done = e["reported"].get(o["to"])
            if done is None or done > dec["date"]:
                out.append({"kind": "report_overdue", "due": format_date(due),
                            "file": o.get("file"), "line": o.get("line")})

    # ---- 7.6 cumulative limits

    def entry_context(self, e):
        return e["context"] if e["context"] is not None else self.dec["context"]

    def total_of(self, e):
        """A `total` in a condition (5.7): the field in this decision plus
        in every history entry of the matter dated within the period up to
        the decision's date (every earlier one without `over`), of the
        same `per` group."""
        dec = self.dec
        f = e["field"]
        total = dec["fields"][f]
        start = period_start(self.pol, e.get("over"), dec["date"])
        for h in self.history:
            if h["matter"] != dec["matter"] or h["date"] > dec["date"]:
                continue
            if start is not None and h["date"] < start:
                continue
            if e.get("per") is not None and h["fields"][e["per"]] != dec["fields"][e["per"]]:
                continue
            total = sat(total + h["fields"][f])
        return total

    def limit_total(self, r):
        dec = self.dec
        f = r["total"]
        total = dec["fields"][f]
        start = period_start(self.pol, r["over"], dec["date"])
        for e in self.history:
            if e["matter"] != dec["matter"]:
                continue
            if not (start <= e["date"] <= dec["date"]):
                continue
            if r.get("per") is not None and e["fields"][r["per"]] != dec["fields"][r["per"]]:
                continue
            if r.get("when") is not None:
                if not eval_expr(r["when"], (self.pol, e["fields"], self.entry_context(e), None, e["date"])):
                    continue
            total = sat(total + e["fields"][f])
        return total

    # ---- input requirements (R0727, R0728, R0732)

    def check_needs(self):
        pol = self.pol
        dec = self.dec
        if dec["opened"] is not None and dec["opened"] > dec["date"]:
            raise InputError("opened is after date")
        for r in pol.matter_rules(dec["matter"], "escalate"):
            if not self.holds(r.get("when")):
                continue
            if r.get("from") is not None and r["from"] != self.decider:
                continue
            if r.get("after") is not None and dec["opened"] is None:
                raise InputError("the decision needs 'opened'")
        for r in pol.matter_rules(dec["matter"], "escalate"):
            if not r.get("to_next_tier"):
                continue
            if not self.applies_for_precedence(r):
                continue
            if pol.is_role(self.decider) and dec["body"] is None:
                raise InputError("the decision needs 'body'")
        for p in pol.protocol_list:
            if p.get("expires_after") is None:
                continue
            if eval_expr(p["active_when"], (pol, {}, dec["context"])) and p["name"] not in dec["activated"]:
                raise InputError("the decision needs the activation date of %r" % p["name"])
        if pol.is_body(self.decider) and pol.holder[self.decider].get("quorum") is not None \
                and dec["attendance"] is None:
            raise InputError("%r decides at a meeting, and the decision does not say who attended"
                             % self.decider)
        b = pol.holder[self.decider] if pol.is_body(self.decider) else {}
        if dec["attendance"] is not None and (b.get("chaired_by") or b.get("never_chaired_by")) \
                and not any(a["presiding"] for a in dec["attendance"]) \
                and any(a["present"] for a in dec["attendance"]):
            raise InputError("%r says who may preside, and the decision does not say who presided" % self.decider)
        if dec["attendance"] is not None:
            # R0735: one person listed twice, by name
            # SPEC-AMBIGUITY: 7.10: "one person listed twice, by name": only
            # the names the entries give count, not the person the register
            # gives a member present written by role alone.
            named = [a["named"] for a in dec["attendance"] if a["named"] is not None]
            for i, n in enumerate(named):
                if n in named[:i]:
                    raise InputError("%r is listed twice in the attendance" % n)
            # SPEC-AMBIGUITY: 7.10 "Membership": attendance is checked against
            # the `members` line of the deciding body only; when the decider
            # is a role there is no meeting of a body, and the entries are not
            # checked (not even against the decision's `body`).
            b = self.decider
            if pol.is_body(b):
                line = pol.holder[b].get("members") or []
                members = [m["role"] for m in line]
                if members:
                    for a in dec["attendance"]:
                        if a["role"] not in members:
                            raise InputError("%r is not a member of %r" % (a["role"], b))
                    for r in members:
                        maxes = [m.get("max") for m in line if m["role"] == r]
                        if None in maxes:
                            continue
                        n = sum(1 for a in dec["attendance"] if a["role"] == r)
                        if n > sum(maxes):
                            raise InputError("the attendance lists %d as %r, and %r has %d such seats"
                                             % (n, r, b, sum(maxes)))

    # ---- the levels of 7.3

    def run(self):
        self.check_needs()
        pol = self.pol
        dec = self.dec
        matter = dec["matter"]
        rules = pol.matter_rules(matter)

        decls, findings, creasons, verdict, refer = self.conflicts()
        findings = findings + self.ratification_findings()

        def done(outcome, reasons=(), raw=None, **extra):
            res = {"outcome": outcome, "matter": matter, "decider": self.decider}
            res.update(extra)
            if findings:
                res["findings"] = findings[:MAX_FINDINGS]
            res["reasons"] = list(reasons)[:MAX_REASONS]
            # the level's own reasons, without those a decider standing
            # aside leads with (7.11: the `also` reasons)
            res["_raw"] = list(reasons) if raw is None else raw
            return res

        # level 1: refusals, then conflicts and quorum
        def level_1():
            rreasons = []
            for r in rules:
                if r["kind"] != "refuse" or not self.holds(r.get("when")):
                    continue
                if r.get("for") is not None and r["for"] != self.decider and r["for"] not in self.dec["decider_roles"]:
                    continue
                if self.set_aside(r) is not None:
                    continue
                rreasons.append({"kind": "refuse_rule", "rule": rule_ref(r)})
            if rreasons or verdict == "refused":
                return plain_done("refused", rreasons + creasons)
            if verdict == "refer":
                to, why = self.referral(refer)
                if to is None:
                    return plain_done("refused", creasons + ([why] if why else []))
                return plain_done("escalate", creasons, escalate_to=to)
            return None

        # a conflicted decider stands aside: its reason comes first in every
        # later outcome (7.10: "Level 1 adds the reason ... and evaluation
        # goes on")
        lead = list(creasons)
        plain_done = done

        def done(outcome, reasons=(), **extra):
            return plain_done(outcome, lead + list(reasons), raw=list(reasons), **extra)

        reserved_by_holder = False
        urgent_res = None
        res_rules = []
        rsv = []

        # level 2: reservations
        def level_2():
            nonlocal reserved_by_holder, urgent_res, res_rules, rsv
            res_rules = [r for r in rules if r["kind"] == "reserve" and self.holds(r.get("when"))
                         and self.set_aside(r) is None]
            reserved_by_holder = False
            urgent_res = None
            if res_rules:
                h = res_rules[0]["to"]
                for r in res_rules[1:]:
                    if r["to"] != h:
                        return done("undetermined", [{"kind": "contradiction", "rule": rule_ref(res_rules[0]),
                                                       "other_rule": rule_ref(r)}])
                # SPEC (was an ambiguity, now stated): 7.5: when several reservations apply (all to one
                # holder) we give one `reserved` reason, naming the first in
                # declaration order ("a `reserved` reason naming the
                # reservation"; the C tool, run as a black box, does the same).
                rsv = [{"kind": "reserved", "rule": rule_ref(res_rules[0])}]
                if self.decider != h and not self.stands_aside:
                    # 7.15: an urgent power takes it for the reservation's holder
                    urgent_res = self.urgent_power(h)
                    if urgent_res is None:
                        return done("escalate", rsv + self.urgent_faults(h), escalate_to=h)
                elif self.decider != h:
                    return done("escalate", rsv, escalate_to=h)
                elif self.stands_aside:
                    # reserved to the decider itself, who must stand aside
                    return done("refused", rsv)
                else:
                    reserved_by_holder = True
            return None

        # the chain level 5 would use (needed by `limit ... for`)
        chain_cache = []

        def chain():
            if not chain_cache:
                if urgent_res is not None:
                    ch = [urgent_res]
                elif reserved_by_holder or self.stands_aside:
                    ch = None
                else:
                    ch = self.find_chain(self.decider)
                    if ch is None and self.find_grant(self.decider) is None:
                        ch = self.urgent_chain()
                chain_cache.append(ch)
            return chain_cache[0]

        def urgent_link():
            ch = chain()
            return ch[-1] if ch and ch[-1]["kind"] == "urgent" else None

        # 7.15: acting for a body under an urgent power, the decision is the
        # body's: the refusals that apply as the body would take it refuse it
        def level_3_acting():
            if dec["urgent"] and urgent_link() is not None:
                b = urgent_link()["from"]
                rb = [{"kind": "refuse_rule", "rule": rule_ref(r)} for r in rules
                      if r["kind"] == "refuse" and self.applies_for_precedence(r, who=b)
                      and self.set_aside(r, who=b) is None]
                if rb:
                    return done("refused", rb)
            return None

        # level 3: joint approval and cumulative limits
        def level_3():
            # SPEC (was an ambiguity, now stated): 7.6: the order of level 3's reasons is not stated:
            # we take the `require` and `limit` rules together, in declaration
            # order (the C tool, run as a black box, does the same).
            l3 = []
            refuses = False
            target = None
            for r in rules:
                if r["kind"] not in ("require", "limit") or not self.holds(r.get("when")) \
                        or self.set_aside(r) is not None:
                    continue
                if r["kind"] == "require":
                    if not self.satisfied(r["signers"], True):
                        l3.append({"kind": "signatures", "rule": rule_ref(r)})
                        refuses = True
                    continue
                h = r.get("for")
                if h is not None:
                    ch = chain()
                    on_chain = self.chain_holders(ch, self.decider) if ch is not None else [self.decider]
                    if h != self.decider and h not in on_chain:
                        continue
                total = self.limit_total(r)
                ceiling = r["ceiling"]["value"]
                exceeded = total > ceiling if r.get("total_op", "<=") == "<=" else total >= ceiling
                if not exceeded:
                    continue
                l3.append({"kind": "cumulative_limit", "rule": rule_ref(r)})
                if h is None:
                    refuses = True
                    continue
                up = self.walk_up(h)
                if up is None:
                    refuses = True
                    continue
                if target is None or self.at_or_above(up, target):
                    target = up
            if refuses:
                return done("refused", l3)
            if target is not None:
                return done("escalate", l3, escalate_to=target)
            return None

        # level 4: escalations
        def level_4():
            esc = []
            for r in rules:
                if r["kind"] != "escalate" or not self.applies_for_precedence(r) or self.set_aside(r) is not None:
                    continue
                if r.get("to_next_tier"):
                    t = self.next_tier()
                    if t is None:
                        # SPEC (was an ambiguity, now stated): 7.11: "an undetermined outcome always ends
                        # with no_authority" stands in the paragraph of level 5; we
                        # read it as said of level 5 only, so `no_route` (and a
                        # contradiction) come without a trailing `no_authority`.
                        return done("undetermined", [{"kind": "no_route", "rule": rule_ref(r)}])
                else:
                    t = r["to"]
                # 7.15: under an urgent power the decider acts for its body
                acting = urgent_link()["from"] if urgent_link() is not None else self.decider
                if self.at_or_above(acting, t):
                    continue
                esc.append((r, t))
            if esc:
                for r, t in esc:
                    if all(self.at_or_above(t, t2) for _, t2 in esc):
                        # SPEC (was an ambiguity, now stated): 7.8: one `escalation` reason, naming the
                        # first rule (declaration order) whose target is at or
                        # above all others.
                        return done("escalate", [{"kind": "escalation", "rule": rule_ref(r)}], escalate_to=t)
                # SPEC (was an ambiguity, now stated): 7.3.3: the contradiction names the first pair
                # (declaration order) of escalations whose targets are not one at
                # or above the other.
                for i in range(len(esc)):
                    for j in range(i + 1, len(esc)):
                        a, b = esc[i][1], esc[j][1]
                        if not self.at_or_above(a, b) and not self.at_or_above(b, a):
                            return done("undetermined", [{"kind": "contradiction", "rule": rule_ref(esc[i][0]),
                                                           "other_rule": rule_ref(esc[j][0])}])
                return done("undetermined", [{"kind": "contradiction", "rule": rule_ref(esc[0][0]),
                                               "other_rule": rule_ref(esc[1][0])}])
            return None

        # level 5: authority
        def level_5(also=False):
            if reserved_by_holder:
                return done("permitted", rsv, chain=[{"holder": self.decider}], accountable=self.decider,
                            obligations=self.obligations(decls, []))
            if self.stands_aside:
                # no chain, and no reasons about the decider's own delegations or
                # grants; refused when no one else can decide (7.10)
                who = self.who_else(self.decider)
                if who is None:
                    return done("refused")
                return done("escalate", escalate_to=who)
            ch = chain()
            if ch is not None:
                start = ch[0]["from"] if ch else self.decider
                acc = start
                for r in ch:
                    if r.get("as") == "transfer":
                        acc = r["to"]
                out = [{"holder": start}] + [{"holder": r["to"], "rule": rule_ref(r)} for r in ch]
                link_obls = []
                for r in ch:
                    link_obls.extend(self.rule_obligations(r))
                why = []
                if urgent_link() is not None:
                    why = [{"kind": "urgent_decision", "rule": rule_ref(urgent_link())}]
                    if urgent_res is not None:
                        why[0]["other_rule"] = rule_ref(res_rules[0])
                return done("permitted", why, chain=out, accountable=acc,
                            obligations=self.obligations(decls, link_obls))
            g = self.find_grant(self.decider)
            if g is not None:
                p = pol.protocols[g["protocol"]]
                obls = self.rule_obligations(g)
                if p.get("ratify_by") is not None:
                    o = {"file": p.get("ratify_file"), "line": p.get("ratify_line")}
                    due = None
                    if p.get("ratify_within") is not None:
                        due = sat(dec["date"] + self.days(p["ratify_within"]))
                        o = dict({"due": format_date(due)}, **o)
                    o["_same"] = ("protocol_ratify", p.get("ratify_by"), due)
                    obls.append(o)
                return done("permitted", [], chain=[{"protocol": p["name"]},
                                                    {"holder": self.decider, "rule": rule_ref(g)}],
                            accountable=p.get("ratify_by"), obligations=self.obligations(decls, obls))
            # no chain, no grant: why
            reasons = []
            expired = None
            to_decider = self.delegations_to(self.decider)
            for d in to_decider:
                why = self.why_not(d, last=True)
                if why is not None:
                    reasons.append({"kind": why, "rule": rule_ref(d)})
                    continue
                for e in self.delegations_to(d["from"]):
                    why2 = self.why_not(e, last=False, below=d["to"])
                    if why2 is not None:
                        reasons.append({"kind": why2, "rule": rule_ref(e)})
            # SPEC (was an ambiguity, now stated): 7.11/7.9: `crisis_powers_not_in_force` for an
            # `active when` that does not hold is said only when no delegation of
            # the matter (of any kind, even `as advise`) is made to the decider;
            # for a protocol activated after the decision's date it is always said
            # (the qualifier of 7.12 stands in the first clause only).  A grant of
            # an expired protocol gives no reason of its own, even when it fails
            # a bound: expired powers are evaluated "as if the protocol were not
            # there" (7.9); only the trailing `crisis_powers_expired`, naming the
            # first grant that would have worked, is said (the C tool, run as a
            # black box, agrees).
            for g in self.grants_to(self.decider):
                st = self.grant_state(g)
                if st == "skip" or st is None:
                    continue
                p = self.pol.protocols[g["protocol"]]
                if st == "crisis_powers_not_in_force" and to_decider and self.activation(p) == "off":
                    continue
                if self.activation(p) == "expired":
                    if st == "crisis_powers_expired" and expired is None:
                        expired = g
                    continue
                reasons.append({"kind": st, "rule": rule_ref(g)})
            reasons.extend(self.urgent_faults())  # 7.15: why no urgent power takes it
            # 7.9/7.11: expired powers leave the ordinary rules in force; the
            # reasons end with `crisis_powers_expired` (before a trailing
            # `no_authority` of an undetermined outcome, as the C tool gives it).
            if expired is not None:
                reasons.append({"kind": "crisis_powers_expired", "rule": rule_ref(expired)})
            if not reasons:
                reasons = [{"kind": "no_authority"}]
            if also:  # (the reasons alone: where it would go is not asked)
                return done("escalate", reasons)
            who = self.who_else(self.decider)
            if who is None:
                if reasons[-1]["kind"] != "no_authority":
                    reasons.append({"kind": "no_authority"})
                return done("undetermined", reasons)
            return done("escalate", reasons, escalate_to=who)
            return None

        # 7.11: the first level that gives an outcome decides; each level
        # below it is looked at as though none above it had decided, and
        # gives its reasons as `also` reasons (none from a permit), each not
        # said already (the same kind and rules), at most 32
        first = None
        also = []
        for level in (level_1, level_2, level_3_acting, level_3, level_4, level_5):
            r = level(first is not None) if level is level_5 else level()
            if r is None:
                continue
            if first is None:
                first = r
                continue
            if r["outcome"] == "permitted":
                continue
            for x in r["_raw"]:
                key = (x["kind"], x.get("rule"), x.get("other_rule"))
                if any((y["kind"], y.get("rule"), y.get("other_rule")) == key for y in first["reasons"] + also):
                    continue
                also.append(x)
        del first["_raw"]
        if also:
            first["also"] = also[:MAX_REASONS]
        return first

    def next_tier(self):
        pol = self.pol
        start = self.dec["body"]
        if start is None:
            return None
        st = pol.tier_of(start)
        seen = [start]
        queue = [start]
        while queue:
            x = queue.pop(0)
            for b in pol.reports_to(x):
                if b in seen:
                    continue
                seen.append(b)
                bt = pol.tier_of(b)
                if bt is not None and (st is None or bt > st):
                    return b
                if len(seen) <= MAX_WALK:
                    queue.append(b)
        return None

    def obligation_due(self, o, date):
        """4.18: when obligation o of a decision of day `date` is due, the
        earliest of what it gives; None when not known."""
        due = None
        if o.get("within") is not None:
            due = sat(date + self.days(o["within"]))
        if o.get("by_end_of") is not None:  # whichever is earlier
            start = period_start(self.pol, {"op": "period", "value": o["by_end_of"]}, date)
            months = {"calendar month": 1, "calendar quarter": 3, "financial quarter": 3}.get(o["by_end_of"], 12)
            end = add_months(start, months) - 1
            due = end if due is None or end < due else due
        if o.get("at_next_meeting"):  # 7.1.6: the body's first meeting after the date
            cal = self.dec.get("calendar") or {}
            later = [m for m in cal.get(o["to"], []) if m > date]
            if later:
                due = later[0] if due is None or later[0] < due else due
        return due

    def rule_obligations(self, r):
        out = []
        for o in r.get("obligations") or []:
            x = {"file": o.get("file"), "line": o.get("line")}
            due = self.obligation_due(o, self.dec["date"])
            if due is not None:
                x = dict({"due": format_date(due)}, **x)
            # 7.11: one obligation however many rules write it: the same
            # kind, to the same holder or register, due the same day, `at
            # next meeting` or not alike
            x["_same"] = (o["kind"], o.get("to"), o.get("register"), due, bool(o.get("at_next_meeting")))
            out.append(x)
        return out

    def obligations(self, decls, middle):
        out = list(decls) + list(middle)
        for r in self.pol.matter_rules(self.dec["matter"]):
            if r["kind"] == "after":
                if self.holds(r.get("when")) and self.set_aside(r) is None:
                    out.extend(self.rule_obligations(r))
            elif r["kind"] == "delegate" and r.get("as") == "advise" and r.get("from") == self.decider:
                if self.bounds_hold(r) and self.set_aside(r) is None:
                    out.append({"file": r.get("file"), "line": r.get("line"), "_same": ("consult", r["to"])})
        kept, seen = [], set()
        for x in out:
            key = x.pop("_same", None)
            if key is not None and key in seen:
                continue
            seen.add(key)
            kept.append(x)
        return kept[:MAX_OBLIGATIONS]


# ---------------------------------------------------------------- entry points

def read_history(pol, history, register):
    if history is None:
        return []
    if not isinstance(history, list):
        raise InputError("a history is a list")
    if len(history) > MAX_HISTORY:
        raise InputError("a history of more than 200,000 decisions")
    return [read_decision(pol, e, register, entry=True) for e in history]


# The last policy, register and history read, kept by identity so that a
# batch (or a driver calling evaluate in a loop with the same objects) reads
# them once.  Objects are compared with `is`: do not change a history or
# register in place between calls.
_LAST = {}


def _memo(key, deps, make):
    hit = _LAST.get(key)
    if hit is not None and len(hit[0]) == len(deps) and all(a is b for a, b in zip(hit[0], deps)):
        return hit[1]
    val = make()
    _LAST[key] = (deps, val)
    return val


def read_calendar(pol, doc):
    """7.1.6: {meetings: {BODY: [DATE, ...]}} -> {body: sorted dates}."""
    if not isinstance(doc, dict) or not isinstance(doc.get("meetings"), dict):
        raise InputError("a calendar lists the meetings of bodies")
    if set(doc) != {"meetings"}:
        raise InputError("a calendar has no key other than meetings")
    out = {}
    for body, dates in doc["meetings"].items():
        if body not in pol.holder or not pol.is_body(body):
            raise InputError("%r is not a body of the policy" % body)
        if not isinstance(dates, list):
            raise InputError("the meetings of %r are not a list" % body)
        out[body] = sorted(parse_date(x) for x in dates)
    return out


def evaluate(policy_dict, decision_dict, history_list=None, register_dict=None, calendar_dict=None):
    """Evaluate one decision (a dict as read from JSON) against the policy
    export (a dict, or a Policy).  Returns the OUTCOME dict, or
    {"error": "..."} for an input error."""
    try:
        pol = policy_dict if isinstance(policy_dict, Policy) else \
            _memo("policy", (policy_dict,), lambda: Policy(policy_dict))
        reg = None
        if register_dict is not None:
            reg = _memo("register", (register_dict, pol),
                        lambda: read_register(pol, check_reader_limits(register_dict)))
        # the register is read before the history (7.1.2)
        hist = _memo("history", (history_list, pol, reg),
                     lambda: read_history(pol, check_reader_limits(history_list), reg))
        cal = None
        if calendar_dict is not None:
            cal = _memo("calendar", (calendar_dict, pol),
                        lambda: read_calendar(pol, check_reader_limits(calendar_dict)))
        dec = read_decision(pol, check_reader_limits(decision_dict), reg)
        dec["calendar"] = cal
        return Evaluation(pol, dec, hist, reg).run()
    except InputError as e:
        return {"error": str(e)}


YI_MAX_DEPTH = 32
YI_MAX_NODES = 2000000
YI_MAX_SCALAR = 4096


def check_reader_limits(doc):
    """The reader's limits of 7.1.3/7.14 on one input (a decision, a history
    or a register): nesting, number of values, length of one value."""
    # SPEC-AMBIGUITY: 7.14: "every key, value, list and mapping counts"
    # towards YI_MAX_NODES; we count the root too, and nesting as the number
    # of lists and mappings inside each other (the root is depth 1).  At
    # both boundaries the C tool, run as a black box, agrees.
    count = 0
    todo = [(doc, 1)]
    while todo:
        v, depth = todo.pop()
        count += 1
        if count > YI_MAX_NODES:
            raise InputError("this input holds more than %d values" % YI_MAX_NODES)
        if isinstance(v, (dict, list)):
            if depth > YI_MAX_DEPTH:
                raise InputError("this input nests more than 32 deep")
            if isinstance(v, dict):
                for k, x in v.items():
                    count += 1
                    if len(k.encode("utf-8")) > YI_MAX_SCALAR:
                        raise InputError("a key longer than 4096 bytes")
                    todo.append((x, depth + 1))
            else:
                for x in v:
                    todo.append((x, depth + 1))
        elif isinstance(v, str) and len(v.encode("utf-8", "surrogatepass")) > YI_MAX_SCALAR:
            raise InputError("a value longer than 4096 bytes")
        elif isinstance(v, str) and "\0" in v:
            raise InputError("a value holds a NUL character")
    return doc


def _no_dup_pairs(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise InputError("the key %r is given twice" % k)
        d[k] = v
    return d


def load_json_text(text):
    return json.loads(text, object_pairs_hook=_no_dup_pairs)


def load_json_file(path):
    with open(path, encoding="utf-8-sig") as f:
        return load_json_text(f.read())


def main(argv):
    args = list(argv)
    history = register = batch = calendar = None
    pos = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--history", "--register", "--batch", "--calendar"):
            if i + 1 >= len(args):
                sys.stderr.write("remit_ref: %s needs a file\n" % a)
                return 2
            if a == "--history":
                history = args[i + 1]
            elif a == "--register":
                register = args[i + 1]
            elif a == "--calendar":
                calendar = args[i + 1]
            else:
                batch = args[i + 1]
            i += 2
            continue
        pos.append(a)
        i += 1
    if len(pos) != (1 if batch is not None else 2):
        sys.stderr.write("usage: remit_ref.py EXPORT.json (DECISION.json | --batch FILE.jsonl) "
                         "[--history FILE] [--register FILE] [--calendar FILE]\n")
        return 2
    pol = Policy(load_json_file(pos[0]))
    try:
        reg_doc = load_json_file(register) if register is not None else None
        hist_doc = load_json_file(history) if history is not None else None
        cal_doc = load_json_file(calendar) if calendar is not None else None
        if cal_doc is not None:
            read_calendar(pol, check_reader_limits(cal_doc))
        # check the register and history once, up front (7.12: a bad one stops
        # the batch before any line is read)
        reg = read_register(pol, check_reader_limits(reg_doc)) if reg_doc is not None else None
        if hist_doc is not None:
            read_history(pol, check_reader_limits(hist_doc), reg)
    except (InputError, ValueError) as e:
        sys.stderr.write("remit_ref: input error: %s\n" % e)
        return 6
    out = sys.stdout
    if batch is None:
        try:
            d = load_json_file(pos[1])
        except (InputError, ValueError) as e:
            out.write(json.dumps({"error": str(e)}, ensure_ascii=False) + "\n")
            return 6
        res = evaluate(pol, d, hist_doc, reg_doc, cal_doc)
        out.write(json.dumps(res, ensure_ascii=False) + "\n")
        return 6 if "error" in res else 0
    src = sys.stdin.buffer if batch == "-" else open(batch, "rb")
    any_err = False
    internal = False
    with src:
        for n, raw in enumerate(src, 1):
            raw = raw.rstrip(b"\n")
            raw = raw[:-1] if raw.endswith(b"\r") else raw
            if raw.strip(b" \t") == b"":
                continue
            try:
                if len(raw) > MAX_BATCH_LINE:
                    raise InputError("a line longer than 1 MiB")
                d = load_json_text(raw.decode("utf-8"))
            except (InputError, ValueError) as e:
                out.write(json.dumps({"line": n, "error": str(e)}, ensure_ascii=False) + "\n")
                any_err = True
                continue
            try:
                res = evaluate(pol, d, hist_doc, reg_doc, cal_doc)
            except Exception as e:  # a bug here, or an export we misread: say so loudly
                import traceback
                traceback.print_exc()
                out.write(json.dumps({"line": n, "error": "INTERNAL ERROR of remit_ref: %r" % (e,)},
                                     ensure_ascii=False) + "\n")
                internal = True
                continue
            if "error" in res:
                any_err = True
                out.write(json.dumps({"line": n, "error": res["error"]}, ensure_ascii=False) + "\n")
            else:
                out.write(json.dumps({"line": n, "result": res}, ensure_ascii=False) + "\n")
    if internal:
        return 70
    return 6 if any_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
