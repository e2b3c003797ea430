#!/usr/bin/env python3
"""tests/export/schema.py FILE... - check that each FILE is one JSON
document of the format remit.policy/1 exactly as SPEC.md 11.9 gives it:
every object has the members the tables list, in their order, with
values of the types they say; every name it refers to is declared.
Standard library only.  Prints nothing and exits 0 when every FILE is
right; otherwise one line a fault and exit 1."""
import json
import sys

TYPES = {"money", "days", "date", "score", "percent", "number", "bool", "text",
         "tier", "choice", "set"}

# RULE members in the order of the table, with the rule kinds that have them
ALL = {"reserve", "delegate", "escalate", "refuse", "require", "after", "limit", "grant", "urgent"}
BOUNDED = {"delegate", "grant", "urgent"}
RULE = [
    ("id", ALL), ("kind", ALL), ("matter", ALL), ("label", ALL), ("file", ALL),
    ("line", ALL), ("text", ALL), ("because", ALL), ("when", ALL),
    ("to", {"reserve", "delegate", "escalate", "grant", "urgent"}),
    ("to_next_tier", {"escalate"}), ("from", {"delegate", "escalate", "urgent"}),
    ("as", {"delegate"}), ("up_to", BOUNDED), ("no_limit", BOUNDED),
    ("limit", BOUNDED), ("may_subdelegate", {"delegate"}),
    ("subdelegate_approved_by", {"delegate"}),
    ("with", BOUNDED), ("after_approval", {"delegate", "grant"}),
    ("signers", {"require"}), ("after", {"escalate"}),
    ("for", {"refuse", "limit"}), ("total", {"limit"}), ("total_op", {"limit"}),
    ("ceiling", {"limit"}), ("per", {"limit"}), ("over", {"limit"}),
    ("protocol", {"grant"}), ("obligations", {"delegate", "after", "grant", "urgent"}),
]

faults = []


def fault(where, msg):
    faults.append(f"{where}: {msg}")


def keys(where, obj, want):
    if not isinstance(obj, dict):
        fault(where, f"not an object: {obj!r}")
        return False
    if list(obj) != list(want):
        fault(where, f"members {list(obj)}, wanted {list(want)}")
        return False
    return True


def is_str(v, null=False):
    return isinstance(v, str) or (null and v is None)


def is_int(v, null=False):
    return (isinstance(v, int) and not isinstance(v, bool)) or (null and v is None)


def expect(where, ok, what):
    if not ok:
        fault(where, what)


def names(where, v):
    expect(where, isinstance(v, list) and all(is_str(x) for x in v), "not an array of strings")


def value_ok(t, v):
    if t == "bool":
        return isinstance(v, bool)
    if t in ("date", "text", "tier", "choice"):
        return is_str(v)
    return is_int(v)


def expr(where, e, null=True):
    if e is None:
        expect(where, null, "null where an EXPR is needed")
        return
    if not isinstance(e, dict) or "op" not in e:
        fault(where, f"not an EXPR: {e!r}")
        return
    op = e["op"]
    shape = {
        "const": ["op", "type", "value"] + (["choices"] if e.get("type") == "choice" else []),
        "field": ["op", "type", "name"], "context": ["op", "type", "name"],
        "not": ["op", "type", "arg"], "neg": ["op", "type", "arg"],
        "and": ["op", "type", "args"], "or": ["op", "type", "args"],
        "cmp": ["op", "type", "cmp", "left", "right"],
        "in": ["op", "type", "left", "values"], "not_in": ["op", "type", "left", "values"],
        "add": ["op", "type", "left", "right"], "sub": ["op", "type", "left", "right"],
        "mul": ["op", "type", "left", "right"],
        "total": ["op", "type", "field", "per", "over"],
        "date": ["op", "type"], "period": ["op", "type", "value"],
        "who": ["op", "type", "subject", "test", "name"],
    }.get(op)
    if shape is None:
        fault(where, f"unknown op {op!r}")
        return
    if not keys(where, e, shape):
        return
    expect(where, e["type"] in TYPES | {"months", "period"}, f"unknown type {e['type']!r}")
    if op == "const":
        expect(where, value_ok(e["type"], e["value"]), f"value {e['value']!r} is not a {e['type']}")
        if e["type"] == "choice":
            names(where + ".choices", e["choices"])
            expect(where, e["value"] in e["choices"], "a choice not among its choices")
    elif op in ("not", "neg"):
        expr(where + ".arg", e["arg"], False)
    elif op in ("and", "or"):
        expect(where, isinstance(e["args"], list) and len(e["args"]) >= 2, "fewer than two args")
        for i, a in enumerate(e["args"]):
            expr(f"{where}.args[{i}]", a, False)
            expect(where, a.get("op") != op, "an operand of the same operator: not one list")
    elif op == "cmp":
        expect(where, e["cmp"] in ("=", "!=", "<", "<=", ">", ">="), f"unknown cmp {e['cmp']!r}")
        expr(where + ".left", e["left"], False)
        expr(where + ".right", e["right"], False)
    elif op in ("in", "not_in"):
        expr(where + ".left", e["left"], False)
        names(where + ".values", e["values"])
    elif op == "who":
        expect(where, e["subject"] in ("decider", "co_signatory") and
               e["test"] in ("holder", "kind", "member_of") and is_str(e["name"]), "a bad who test")
    elif op == "period":
        expect(where, e["value"] in ("financial year", "financial quarter", "calendar month",
                                     "calendar quarter", "calendar year"), "an unknown period")
    elif op == "total":
        expect(where, e["type"] in ("money", "number"), "a total of neither money nor a number")
        names(where + ".field", [e["field"]])
        if e["per"] is not None:
            names(where + ".per", [e["per"]])
        if e["over"] is not None:
            period(where + ".over", e["over"], False)
    elif op in ("add", "sub", "mul"):
        expr(where + ".left", e["left"], False)
        expr(where + ".right", e["right"], False)


def days(where, e, null=True):
    expr(where, e, null)
    if isinstance(e, dict):
        expect(where, e.get("type") == "days", "a length of time that is not of type days")


def period(where, e, null=True):
    """A PERIOD (11.9): days, calendar months, or a named period."""
    expr(where, e, null)
    if isinstance(e, dict):
        expect(where, e.get("type") in ("days", "months", "period"), "a period that is not days, months or named")


def signers(where, g, null=True):
    if g is None:
        expect(where, null, "null where SIGNERS are needed")
        return
    if isinstance(g, dict) and g.get("op") in ("and", "or"):
        if keys(where, g, ["op", "args"]):
            expect(where, len(g["args"]) >= 2, "fewer than two args")
            for i, a in enumerate(g["args"]):
                signers(f"{where}.args[{i}]", a, False)
    elif keys(where, g, ["op", "who", "is", "count"]):
        expect(where, g["op"] == "slot" and is_str(g["who"]) and g["is"] in ("holder", "kind")
               and is_int(g["count"]) and g["count"] >= 1, f"a bad slot {g!r}")


def field(where, f):
    t = f.get("type") if isinstance(f, dict) else None
    extra = ["min", "max"] if t == "score" else ["choices"] if t in ("choice", "set") else []
    if keys(where, f, ["name", "type"] + extra):
        expect(where, t in TYPES, f"unknown type {t!r}")


def check(path):
    with open(path, encoding="utf-8") as fh:
        d = json.load(fh)
    top = ["schema", "title", "version", "tiers", "financial_year_starts", "kinds", "holders", "matters",
           "context", "rules", "protocols", "conflicts", "precedence"]
    if not keys("document", d, top):
        return
    expect("schema", d["schema"] == "remit.policy/1", "not remit.policy/1")
    names("tiers", d["tiers"])
    fy = d["financial_year_starts"]
    expect("financial_year_starts", is_str(fy) and len(fy) == 5 and fy[2] == "-" and
           1 <= int(fy[:2]) <= 12 and 1 <= int(fy[3:]) <= 28, "not MM-DD, a day of at most 28")
    for i, k in enumerate(d["kinds"]):
        keys(f"kinds[{i}]", k, ["name", "title"])
    holders = {h.get("name") for h in d["holders"]}
    kinds = {k.get("name") for k in d["kinds"]}
    for i, h in enumerate(d["holders"]):
        w = f"holders[{i}]"
        if not keys(w, h, ["name", "title", "is", "kinds", "body_kind", "tier", "reports_to",
                           "members", "quorum", "chaired_by", "never_chaired_by"]):
            continue
        for m in ("chaired_by", "never_chaired_by"):
            for j, c in enumerate(h[m]):
                if keys(f"{w}.{m}[{j}]", c, ["name", "is"]):
                    expect(w, (c["is"] == "role" and c["name"] in holders) or
                           (c["is"] == "kind" and c["name"] in kinds), f"a bad {m} entry {c!r}")
            expect(w, h["is"] == "body" or not h[m], f"a role with {m}")
        expect(w, h["is"] in ("role", "body"), "is neither role nor body")
        expect(w, h["tier"] is None or h["tier"] in d["tiers"], "an unknown tier")
        expect(w, all(p in holders for p in h["reports_to"]), "reports to an unknown holder")
        expect(w, all(k in kinds for k in h["kinds"]), "an unknown kind")
        for j, m in enumerate(h["members"]):
            if keys(f"{w}.members[{j}]", m, ["role", "min", "max"]):
                expect(w, m["role"] in holders and is_int(m["min"]) and is_int(m["max"], True),
                       f"a bad member {m!r}")
        q = h["quorum"]
        if q is not None and keys(w + ".quorum", q, ["text", "file", "line", "terms"]):
            for j, t in enumerate(q["terms"]):
                want = {"majority": ["term"], "all": ["term"], "count": ["term", "n"],
                        "percent": ["term", "basis_points"], "role": ["term", "n", "role"],
                        "kind": ["term", "n", "kind"], "fraction": ["term", "n", "of"]}.get(t.get("term"))
                if want is not None and "or" in t:
                    want = want + ["or"]
                    expect(f"{w}.quorum.terms[{j}]", t["or"] is True and j > 0, "a bad or")
                if want is None:
                    fault(f"{w}.quorum.terms[{j}]", f"unknown term {t!r}")
                else:
                    keys(f"{w}.quorum.terms[{j}]", t, want)
    for i, m in enumerate(d["matters"]):
        if keys(f"matters[{i}]", m, ["name", "title", "fields"]):
            for j, f in enumerate(m["fields"]):
                field(f"matters[{i}].fields[{j}]", f)
    for i, f in enumerate(d["context"]):
        field(f"context[{i}]", f)
    for i, r in enumerate(d["rules"]):
        w = f"rules[{i}]"
        kind = r.get("kind") if isinstance(r, dict) else None
        if kind not in ALL:
            fault(w, f"unknown kind {kind!r}")
            continue
        if not keys(w, r, [m for m, ks in RULE if kind in ks]):
            continue
        expect(w, r["id"] == i, "id is not its index")
        expect(w, is_str(r["file"]) and is_int(r["line"]) and is_str(r["text"]), "where")
        expr(w + ".when", r["when"])
        for m in ("to", "from", "for"):
            if m in r and r[m] is not None:
                expect(w, r[m] in holders, f"{m} names an unknown holder")
        if "as" in r:
            expect(w, r["as"] in ("advise", "joint", "delegated", "transfer"), "a bad as")
        if "up_to" in r:
            expect(w, is_int(r["up_to"], True), "up_to is not pence")
            expect(w, isinstance(r["no_limit"], bool) and not (r["no_limit"] and r["up_to"] is not None),
                   "no_limit is not a boolean, or is given with up_to")
            expr(w + ".limit", r["limit"])
            signers(w + ".with", r["with"])
        if kind == "require":
            signers(w + ".signers", r["signers"], False)
        if kind == "escalate":
            days(w + ".after", r["after"])
            expect(w, (r["to"] is None) == r["to_next_tier"], "to and to_next_tier disagree")
        if kind in ("delegate", "grant") and r["after_approval"] is not None:
            ap = r["after_approval"]
            if keys(w + ".after_approval", ap, ["by", "per"]):
                expect(w, ap["by"] in holders and (ap["per"] is None or is_str(ap["per"])), "a bad after_approval")
        if kind == "limit":
            expect(w, r["total_op"] in ("<=", "<"), "a bad total_op")
            c = r["ceiling"]
            if keys(w + ".ceiling", c, ["type", "value"]):
                expect(w, c["type"] in ("money", "number") and is_int(c["value"]), "a bad ceiling")
            period(w + ".over", r["over"], False)
        for j, o in enumerate(r.get("obligations", [])):
            ow = f"{w}.obligations[{j}]"
            if keys(ow, o, ["kind", "to", "register", "within", "by_end_of", "at_next_meeting", "file",
                            "line"]):
                expect(ow, isinstance(o["at_next_meeting"], bool) and
                       not (o["at_next_meeting"] and (o["by_end_of"] is not None or o["to"] is None)),
                       "at_next_meeting")
                expect(ow, o["kind"] in ("report", "record", "publish", "notify", "ratify"),
                       "a bad kind")
                expect(ow, (o["to"] is None) == (o["kind"] in ("record", "publish")), "to")
                expect(ow, (o["register"] is None) == (o["kind"] != "record"), "register")
                days(ow + ".within", o["within"])
    protocols = {p.get("name") for p in d["protocols"]}
    for i, p in enumerate(d["protocols"]):
        w = f"protocols[{i}]"
        if keys(w, p, ["name", "title", "file", "line", "active_when", "expires_after",
                       "ratify_by", "ratify_within", "ratify_file", "ratify_line",
                       "never_grant"]):
            expr(w + ".active_when", p["active_when"], False)
            days(w + ".expires_after", p["expires_after"])
            days(w + ".ratify_within", p["ratify_within"])
            expect(w, (p["ratify_by"] is None) == (p["ratify_line"] is None), "ratify_line")
    for r in d["rules"]:
        if r.get("kind") == "grant":
            expect(f"rules[{r['id']}]", r["protocol"] in protocols, "an unknown protocol")
    actions = {"declare", "exclude from discussion", "exclude from vote", "chair decides",
               "withdraw"}
    for i, c in enumerate(d["conflicts"]):
        w = f"conflicts[{i}]"
        if keys(w, c, ["for", "file", "line", "categories", "declare_within", "declare_file",
                       "declare_line", "quorum_lost_refer_to"]):
            for j, k in enumerate(c["categories"]):
                if keys(f"{w}.categories[{j}]", k, ["name", "title", "actions", "file", "line"]):
                    expect(w, set(k["actions"]) <= actions, "an unknown action")
            days(w + ".declare_within", c["declare_within"])
    for i, p in enumerate(d["precedence"]):
        if keys(f"precedence[{i}]", p, ["file", "line", "rules"]):
            expect(f"precedence[{i}]", all(is_int(x) and 0 <= x < len(d["rules"])
                                           and d["rules"][x]["label"] for x in p["rules"]),
                   "names no labelled rule")


for path in sys.argv[1:]:
    before = len(faults)
    try:
        check(path)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        fault(path, f"cannot be read as remit.policy/1: {e!r}")
    for f in faults[before:]:
        print(f"{path}: {f}" if not f.startswith(path) else f)
sys.exit(1 if faults else 0)
