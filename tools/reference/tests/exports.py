"""Hand-written policy exports (remit.policy/1, SPEC 11.9) for the tests.

Small helpers build the JSON members exactly as 11.9 lays them out; each
policy below is transcribed by hand from the .remit source named in its
docstring (file names and lines are those of the source)."""


# ---- EXPR nodes (11.9)

def const(t, v, **kw):
    d = {"op": "const", "type": t, "value": v}
    d.update(kw)
    return d


def money(pence):
    return const("money", pence)


def days(n):
    return const("days", n)


def num(n):
    return const("number", n)


def field(name, t):
    return {"op": "field", "type": t, "name": name}


def ctx(name, t):
    return {"op": "context", "type": t, "name": name}


def cmp(op, left, right):
    return {"op": "cmp", "type": "bool", "cmp": op, "left": left, "right": right}


def and_(*args):
    return {"op": "and", "type": "bool", "args": list(args)}


def or_(*args):
    return {"op": "or", "type": "bool", "args": list(args)}


def not_(arg):
    return {"op": "not", "type": "bool", "arg": arg}


def in_(left, values, neg=False):
    return {"op": "not_in" if neg else "in", "type": "bool", "left": left, "values": list(values)}


def add(left, right, t):
    return {"op": "add", "type": t, "left": left, "right": right}


# ---- SIGNERS

def slot(who, is_="holder", count=1):
    return {"op": "slot", "who": who, "is": is_, "count": count}


def s_and(*args):
    return {"op": "and", "args": list(args)}


def s_or(*args):
    return {"op": "or", "args": list(args)}


# ---- declarations

def role(name, title=None, kinds=(), tier=None):
    return {"name": name, "title": title, "is": "role", "kinds": list(kinds), "body_kind": None,
            "tier": tier, "reports_to": [], "members": [], "quorum": None}


def body(name, title=None, body_kind=None, tier=None, reports_to=(), members=(), quorum=None):
    return {"name": name, "title": title, "is": "body", "kinds": [], "body_kind": body_kind,
            "tier": tier, "reports_to": list(reports_to), "members": list(members), "quorum": quorum}


def member(role_, mn=1, mx=1):
    return {"role": role_, "min": mn, "max": mx}


def quorum(text, file, line, *terms):
    return {"text": text, "file": file, "line": line, "terms": list(terms)}


def q_majority():
    return {"term": "majority"}


def q_all():
    return {"term": "all"}


def q_count(n):
    return {"term": "count", "n": n}


def q_percent(bp):
    return {"term": "percent", "basis_points": bp}


def q_role(n, r):
    return {"term": "role", "n": n, "role": r}


def q_kind(n, k):
    return {"term": "kind", "n": n, "kind": k}


def fld(name, t, **kw):
    d = {"name": name, "type": t}
    d.update(kw)
    return d


def obligation(kind, file, line, to=None, register=None, within=None):
    return {"kind": kind, "to": to, "register": register, "within": within, "file": file, "line": line}


def rule(kind, matter, file, line, text="", **kw):
    d = {"id": None, "kind": kind, "matter": matter, "label": None, "file": file, "line": line,
         "text": text, "because": None, "when": None}
    if kind in ("reserve", "delegate", "escalate", "grant"):
        d["to"] = None
    if kind == "escalate":
        d.update({"to_next_tier": False, "from": None, "after": None})
    if kind == "delegate":
        d.update({"from": None, "as": "delegated", "up_to": None, "limit": None,
                  "may_subdelegate": False, "with": None, "obligations": []})
    if kind == "grant":
        d.update({"up_to": None, "limit": None, "with": None, "protocol": None, "obligations": []})
    if kind in ("refuse", "limit"):
        d["for"] = None
    if kind == "limit":
        d.update({"total": None, "total_op": "<=", "ceiling": None, "per": None, "over": None})
    if kind == "after":
        d["obligations"] = []
    d.update(kw)
    return d


def policy(holders, matters, rules, tiers=(), kinds=(), context=(), protocols=(), conflicts=(),
           precedence=(), title="test", version=None):
    rules = list(rules)
    for i, r in enumerate(rules):
        r["id"] = i
    return {"schema": "remit.policy/1", "title": title, "version": version, "tiers": list(tiers),
            "kinds": [{"name": k, "title": None} for k in kinds], "holders": list(holders),
            "matters": list(matters), "context": list(context), "rules": rules,
            "protocols": list(protocols), "conflicts": list(conflicts), "precedence": list(precedence)}


NHS_TIERS = ["neighbourhood", "place", "system", "region", "national"]

SPEND_FIELDS = [
    fld("amount", "money"),
    fld("category", "choice", choices=["revenue", "capital", "contract", "losses"]),
    fld("risk", "score", min=1, max=25),
    fld("supplier", "text"),
]


def icb_tour():
    """tests/eval/policies/icb-tour.remit"""
    F = "tests/eval/policies/icb-tour.remit"
    holders = [
        role("chair", "Chair of the ICB", ["independent"]),
        role("ned", "Independent non-executive member", ["independent"]),
        role("ceo", "Chief Executive", ["executive"]),
        role("cfo", "Director of Finance", ["executive"]),
        role("nursing_director", "Director of Nursing", ["executive"]),
        role("medical_director", "Medical Director", ["executive"]),
        role("partner_member", "Partner member (trusts, primary care, local authority)", ["partner"]),
        body("board", "ICB Board", "board", "system", [],
             [member("chair"), member("ned", 2, None), member("ceo"), member("cfo"),
              member("nursing_director"), member("medical_director"), member("partner_member", 3, None)],
             quorum("quorum majority and 1 independent and 1 executive", F, 30,
                    q_majority(), q_kind(1, "independent"), q_kind(1, "executive"))),
        body("audit", "Audit Committee", "committee", "system", ["board"], [member("ned", 3, None)],
             quorum("quorum 2 ned", F, 35, q_role(2, "ned"))),
    ]
    matters = [
        {"name": "spend", "title": "Expenditure", "fields": SPEND_FIELDS},
        {"name": "appointment", "title": "Appointment to a post",
         "fields": [fld("post", "choice", choices=["executive_director", "non_executive", "committee_chair"])]},
    ]
    amount = field("amount", "money")
    rules = [
        rule("reserve", "appointment", F, 49, "reserve appointment to board", to="board"),
        rule("reserve", "spend", F, 57, "big_spend: reserve spend to board when amount > board_threshold",
             label="big_spend", to="board",
             because="Spending above £5m is reserved to the Board (standing financial instructions)",
             when=cmp(">", amount, money(500000000))),
        rule("delegate", "spend", F, 60, "delegate spend from board to ceo up to £5m", to="ceo",
             **{"from": "board", "up_to": 500000000, "may_subdelegate": True,
                "obligations": [obligation("report", F, 61, to="board", within=days(30))]}),
        rule("delegate", "spend", F, 64, "delegate spend from ceo to cfo", to="cfo",
             **{"from": "ceo",
                "limit": and_(cmp("<=", amount, money(100000000)),
                              in_(field("category", "choice"), ["revenue", "contract"]))}),
        rule("escalate", "spend", F, 68, "escalate spend to board when risk >= 15", to="board",
             because="High risks go to the Board (risk appetite statement)",
             when=cmp(">=", field("risk", "score"), num(15))),
        rule("require", "spend", F, 71, "require cfo and 1 executive for spend when amount > £250k",
             signers=s_and(slot("cfo"), slot("executive", "kind", 1)),
             when=cmp(">", amount, money(25000000))),
        rule("limit", "spend", F, 73, "limit spend total amount <= £500k per supplier over 365 days for cfo",
             **{"for": "cfo", "total": "amount", "total_op": "<=",
                "ceiling": {"type": "money", "value": 50000000}, "per": "supplier", "over": days(365)}),
        rule("after", "spend", F, 75, "after spend when category = losses",
             when=cmp("=", field("category", "choice"),
                      const("choice", "losses", choices=["revenue", "capital", "contract", "losses"])),
             obligations=[obligation("record", F, 76, register="losses and special payments register",
                                     within=days(28)),
                          obligation("report", F, 77, to="audit", within=days(60))]),
        rule("grant", "spend", F, 87, "grant spend to cfo with ceo up to £500k", to="cfo",
             up_to=50000000, protocol="major_incident", **{"with": slot("ceo")}),
    ]
    protocols = [{"name": "major_incident", "title": "Major incident", "file": F, "line": 85,
                  "active_when": cmp(">=", ctx("incident_level", "score"), num(3)),
                  "expires_after": days(28), "ratify_by": "board", "ratify_within": days(7),
                  "ratify_file": F, "ratify_line": 89, "never_grant": ["appointment"]}]
    conflicts = [{"for": "board", "file": F, "line": 93,
                  "categories": [
                      {"name": "financial", "title": "Financial interest",
                       "actions": ["declare", "exclude from discussion", "exclude from vote"],
                       "file": F, "line": 94},
                      {"name": "indirect", "title": "Indirect interest",
                       "actions": ["declare", "chair decides"], "file": F, "line": 95}],
                  "declare_within": days(28), "declare_file": F, "declare_line": 96,
                  "quorum_lost_refer_to": "audit"}]
    return policy(holders, matters, rules, tiers=NHS_TIERS, kinds=["executive", "independent", "partner"],
                  context=[fld("incident_level", "score", min=0, max=4)], protocols=protocols,
                  conflicts=conflicts, title="North East ICB scheme of reservation and delegation",
                  version="2026.1")


def riverside():
    """SPEC 12.1 riverside.remit, with line 34 corrected to 'within 30 days'."""
    F = "riverside.remit"
    holders = [
        role("chair", "Chair of the Trust", ["independent"]),
        role("ned", "Non-executive director", ["independent"]),
        role("ceo", "Chief Executive", ["executive"]),
        role("dof", "Director of Finance", ["executive"]),
        body("board", "Trust Board", "board", "system", [],
             [member("chair"), member("ned", 3, None), member("ceo"), member("dof")],
             quorum("quorum majority and 1 independent and 1 executive", F, 15,
                    q_majority(), q_kind(1, "independent"), q_kind(1, "executive"))),
        body("audit", "Audit Committee", "committee", "system", ["board"], [member("ned", 3, 3)],
             quorum("quorum 2 ned", F, 20, q_role(2, "ned"))),
    ]
    matters = [{"name": "spend", "title": "Expenditure", "fields": [
        fld("amount", "money"),
        fld("category", "choice", choices=["revenue", "capital", "contract"]),
        fld("risk", "score", min=1, max=25),
        fld("supplier", "text")]}]
    amount = field("amount", "money")
    rules = [
        rule("reserve", "spend", F, 30, "big_spend: reserve spend to board when amount > £5m",
             label="big_spend", to="board", because="Standing financial instructions, section 4.2",
             when=cmp(">", amount, money(500000000))),
        rule("delegate", "spend", F, 33, "delegate spend from board to ceo up to £5m", to="ceo",
             **{"from": "board", "up_to": 500000000, "may_subdelegate": True,
                "obligations": [obligation("report", F, 34, to="board", within=days(30))]}),
        rule("delegate", "spend", F, 37, "delegate spend from ceo to dof up to £1m", to="dof",
             **{"from": "ceo", "up_to": 100000000,
                "obligations": [obligation("record", F, 39, register="contracts register",
                                           within=days(14))]}),
        rule("escalate", "spend", F, 41, "escalate spend to board when risk >= 15", to="board",
             because="Risk appetite statement", when=cmp(">=", field("risk", "score"), num(15))),
        rule("require", "spend", F, 44, "require dof and 1 executive for spend when amount > £500k",
             signers=s_and(slot("dof"), slot("executive", "kind")),
             when=cmp(">", amount, money(50000000))),
        rule("limit", "spend", F, 46, "limit spend total amount <= £2m per supplier over 365 days for dof",
             **{"for": "dof", "total": "amount", "ceiling": {"type": "money", "value": 200000000},
                "per": "supplier", "over": days(365)}),
    ]
    conflicts = [{"for": "board", "file": F, "line": 48,
                  "categories": [{"name": "financial", "title": "Financial interest",
                                  "actions": ["declare", "exclude from vote"], "file": F, "line": 49}],
                  "declare_within": days(28), "declare_file": F, "declare_line": 50,
                  "quorum_lost_refer_to": "audit"}]
    return policy(holders, matters, rules, tiers=NHS_TIERS, kinds=["executive", "independent"],
                  conflicts=conflicts, title="Riverside Trust scheme of delegation", version="2026.1")


def mix():
    """tests/policies/mix.remit: a policy written for these tests that uses
    precedence, joint, transfer, advise, next tier, after, cumulative limits
    without `for`, signer counts, crisis grants and most field types."""
    F = "mix.remit"
    holders = [
        role("lead", "Team lead", ["executive"], "neighbourhood"),
        role("mgr", "Manager", ["executive"], "place"),
        role("dir", "Director", ["executive"]),
        role("clerk", "Clerk"),
        body("board", "Board", None, "system", ["overseer"],
             [member("lead", 0, None), member("mgr", 0, None), member("dir")],
             quorum("quorum 50% and 1 dir", F, 10, q_percent(5000), q_role(1, "dir"))),
        body("place_board", "Place board", None, "place", ["board"], [member("mgr"), member("dir")]),
        body("team", "Team", None, "neighbourhood", ["place_board"]),
        body("overseer", "Overseer", None, "region"),
    ]
    goods = ["goods", "services"]
    matters = [{"name": "buy", "title": "Purchase", "fields": [
        fld("amount", "money"),
        fld("sort", "choice", choices=goods),
        fld("areas", "set", choices=["north", "south", "east"]),
        fld("share", "percent"),
        fld("level", "tier"),
        fld("span", "days"),
        fld("due", "date"),
        fld("n", "number"),
        fld("vendor", "text"),
        fld("urgent", "bool")]}]
    amount = field("amount", "money")
    small = cmp("<=", amount, money(10000000))
    is_goods = in_(field("sort", "choice"), ["goods"])
    rules = [
        rule("delegate", "buy", F, 32, "delegate buy from overseer to board may subdelegate", to="board",
             **{"from": "overseer", "may_subdelegate": True}),
        rule("refuse", "buy", F, 33, "r_refuse: refuse buy when n > 100 for clerk", label="r_refuse",
             when=cmp(">", field("n", "number"), num(100)), **{"for": "clerk"}),
        rule("delegate", "buy", F, 34, "delegate buy from board to dir up to £1m", to="dir",
             **{"from": "board", "up_to": 100000000, "may_subdelegate": True}),
        rule("delegate", "buy", F, 36, "delegate buy from dir to mgr limit amount <= £100k and sort in { goods }",
             to="mgr", limit=and_(small, is_goods),
             **{"from": "dir", "may_subdelegate": True,
                "obligations": [obligation("report", F, 38, to="board", within=field("span", "days"))]}),
        rule("delegate", "buy", F, 39, "delegate buy from mgr to lead as joint limit share <= 50% and "
             "amount <= £100k and sort in { goods }", to="lead",
             limit=and_(cmp("<=", field("share", "percent"), const("percent", 5000)), small, is_goods),
             **{"from": "mgr", "as": "joint"}),
        rule("delegate", "buy", F, 40, "delegate buy from board to place_board as transfer", to="place_board",
             **{"from": "board", "as": "transfer", "may_subdelegate": True}),
        rule("delegate", "buy", F, 42, "delegate buy from place_board to mgr when areas in { south } "
             "may subdelegate", to="mgr", when=in_(field("areas", "set"), ["south"]),
             **{"from": "place_board", "may_subdelegate": True}),
        rule("delegate", "buy", F, 43, "delegate buy from dir to clerk as advise", to="clerk",
             **{"from": "dir", "as": "advise"}),
        rule("escalate", "buy", F, 44, "tr: escalate buy to next tier when urgent from mgr", label="tr",
             to_next_tier=True, when=field("urgent", "bool"), **{"from": "mgr"}),
        rule("escalate", "buy", F, 45, "escalate buy to dir after 10 days from lead", to="dir",
             after=days(10), **{"from": "lead"}),
        rule("reserve", "buy", F, 46, "big: reserve buy to board when amount > £1m and level >= system",
             label="big", to="board",
             when=and_(cmp(">", amount, money(100000000)),
                       cmp(">=", field("level", "tier"), const("tier", "system")))),
        rule("limit", "buy", F, 47, "limit buy total amount < £50k over 30 days when sort = services",
             when=cmp("=", field("sort", "choice"), const("choice", "services", choices=goods)),
             total="amount", total_op="<", ceiling={"type": "money", "value": 5000000}, over=days(30)),
        rule("require", "buy", F, 48, "require 2 executive for buy when n >= 3",
             signers=slot("executive", "kind", 2), when=cmp(">=", field("n", "number"), num(3))),
        rule("after", "buy", F, 49, "after buy when due + 7 days > 2026-12-01",
             when=cmp(">", add(field("due", "date"), days(7), "date"), const("date", "2026-12-01")),
             obligations=[obligation("publish", F, 50, within=days(3))]),
        rule("grant", "buy", F, 54, "grant buy to clerk up to £5k", to="clerk", up_to=500000,
             protocol="surge"),
    ]
    protocols = [{"name": "surge", "title": None, "file": F, "line": 52,
                  "active_when": ctx("alert", "bool"), "expires_after": days(14),
                  "ratify_by": "place_board", "ratify_within": days(2), "ratify_file": F,
                  "ratify_line": 55, "never_grant": []}]
    return policy(holders, matters, rules, tiers=["neighbourhood", "place", "system", "region"],
                  kinds=["executive"], context=[fld("alert", "bool")], protocols=protocols,
                  precedence=[{"file": F, "line": 51, "rules": [10, 8]}], title="mix")


def edge():
    """tests/policies/edge.remit: two starts of authority, precedence lines
    (transitive, and a cycle), next tier, joint and transfer links, `with`
    on a delegation, a cumulative limit `for` a role, conflicts blocks with
    and without `for`, quorum `all` and counts."""
    F = "edge.remit"
    holders = [
        role("a", "A", ["indep"]),
        role("b", "B", ["indep"], "low"),
        role("c", "C"),
        role("d", "D"),
        body("top", "Top", None, "high", [], [member("a", 0, None), member("b"), member("c")],
             quorum("quorum all", F, 10, q_all())),
        body("top2", "Top two", None, None, [], [member("a"), member("b", 2, 4)],
             quorum("quorum 2 and 1 indep", F, 14, q_count(2), q_kind(1, "indep"))),
        body("mid1", "Mid one", None, "mid", ["top"]),
        body("low1", "Low one", None, "low", ["mid1"]),
        body("lone", "Lone", None, "low", ["low1"]),
    ]
    matters = [{"name": "m", "title": "M", "fields": [
        fld("x", "number"), fld("s", "text"), fld("who", "choice", choices=["p", "q"])]}]
    x = field("x", "number")
    rules = [
        rule("reserve", "m", F, 33, "r1: reserve m to top when x > 100", label="r1", to="top",
             when=cmp(">", x, num(100))),
        rule("reserve", "m", F, 34, "r2: reserve m to top2 when x > 200", label="r2", to="top2",
             when=cmp(">", x, num(200))),
        rule("escalate", "m", F, 35, "e1: escalate m to mid1 when x = 50", label="e1", to="mid1",
             when=cmp("=", x, num(50))),
        rule("escalate", "m", F, 36, "e2: escalate m to top2 when x = 50", label="e2", to="top2",
             when=cmp("=", x, num(50))),
        rule("escalate", "m", F, 37, "e3: escalate m to next tier when x = 60 from lone", label="e3",
             to_next_tier=True, when=cmp("=", x, num(60)), **{"from": "lone"}),
        rule("escalate", "m", F, 38, "e4: escalate m to low1 when x = 170", label="e4", to="low1",
             when=cmp("=", x, num(170))),
        rule("delegate", "m", F, 39, "delegate m from top to a may subdelegate limit x <= 90", to="a",
             limit=cmp("<=", x, num(90)), **{"from": "top", "may_subdelegate": True}),
        rule("delegate", "m", F, 40, "delegate m from a to b with 2 indep or c limit x <= 90", to="b",
             limit=cmp("<=", x, num(90)),
             **{"from": "a", "with": s_or(slot("indep", "kind", 2), slot("c"))}),
        rule("delegate", "m", F, 41, 'delegate m from top2 to c when s = "hello"', to="c",
             when=cmp("=", field("s", "text"), const("text", "hello")), **{"from": "top2"}),
        rule("delegate", "m", F, 42, "delegate m from top to mid1 as transfer may subdelegate", to="mid1",
             **{"from": "top", "as": "transfer", "may_subdelegate": True}),
        rule("delegate", "m", F, 43, "delegate m from mid1 to d as joint", to="d",
             **{"from": "mid1", "as": "joint"}),
        rule("limit", "m", F, 44, "lm: limit m total x <= 100 over 10 days for b", label="lm",
             total="x", ceiling={"type": "number", "value": 100}, over=days(10),
             **{"for": "b"}),
        rule("refuse", "m", F, 45, "refuse m when x = 13 for c", when=cmp("=", x, num(13)), **{"for": "c"}),
        rule("require", "m", F, 46, "require (a or b) and 2 indep for m when x = 77",
             signers=s_and(s_or(slot("a"), slot("b")), slot("indep", "kind", 2)),
             when=cmp("=", x, num(77))),
        rule("after", "m", F, 52, "after m when who = p",
             when=cmp("=", field("who", "choice"), const("choice", "p", choices=["p", "q"])),
             obligations=[obligation("notify", F, 53, to="a")]),
    ]
    conflicts = [
        {"for": None, "file": F, "line": 24,
         "categories": [{"name": "money", "title": None, "actions": ["declare", "withdraw"]},
                        {"name": "view", "title": None, "actions": ["chair decides"]}],
         "declare_within": days(7), "declare_file": F, "declare_line": 27, "quorum_lost_refer_to": None},
        {"for": "top2", "file": F, "line": 29,
         "categories": [{"name": "money", "title": None, "actions": ["exclude from vote"]}],
         "declare_within": None, "declare_file": None, "declare_line": None, "quorum_lost_refer_to": "top"},
    ]
    precedence = [{"file": F, "line": 47, "rules": [1, 2, 11]}, {"file": F, "line": 48, "rules": [5, 0]},
                  {"file": F, "line": 49, "rules": [2, 3]}, {"file": F, "line": 50, "rules": [3, 2]},
                  {"file": F, "line": 51, "rules": [0, 1]}]
    return policy(holders, matters, rules, tiers=["low", "mid", "high"], kinds=["indep"],
                  conflicts=conflicts, precedence=precedence, title="edge")


def limits():
    """tests/policies/limits.remit: the fixed limits of SPEC 7.14 (a chain
    of 16 links, 35 reasons, 34 obligations, a signer expression of 729
    alternatives) and saturating arithmetic (7.2)."""
    F = "limits.remit"
    holders = [role("r%d" % i, "R%d" % i, ["k"]) for i in range(18)] + [
        role("s", "S"),
        body("top", "Top", None, "t3"),
        body("mid", "Mid", None, "t2", ["top"], [member("r0", 0, None), member("r1", 0, None),
                                                  member("r2", 0, None)],
             quorum("quorum 60% and 1 k", F, 26, q_percent(6000), q_kind(1, "k"))),
    ]
    matters = [{"name": "m", "title": "M", "fields": [
        fld("n", "number"), fld("g", "set", choices=["a", "b", "c"]), fld("lv", "tier"),
        fld("d", "date"), fld("note", "text")]}]
    n = field("n", "number")
    big = 9223372036854775807
    rules = [rule("delegate", "m", F, 36, "delegate m from top to r0 may subdelegate", to="r0",
                  **{"from": "top", "may_subdelegate": True})]
    for i in range(15):
        rules.append(rule("delegate", "m", F, 37 + i, "delegate m from r%d to r%d may subdelegate" % (i, i + 1),
                          to="r%d" % (i + 1), **{"from": "r%d" % i, "may_subdelegate": True}))
    for i in range(35):
        rules.append(rule("refuse", "m", F, 52 + i, 'refuse m when n = 7 and note != "x%d"' % i,
                          when=and_(cmp("=", n, num(7)),
                                    cmp("!=", field("note", "text"), const("text", "x%d" % i)))))
    rules.append(rule("after", "m", F, 87, "after m when n = 8", when=cmp("=", n, num(8)),
                      obligations=[obligation("publish", F, 88 + i, within=days(i + 1)) for i in range(34)]))
    one = s_or(slot("r1"), slot("r2"), slot("k", "kind"))
    rules.append(rule("require", "m", F, 122, "require (r1 or r2 or k) and ... for m when n = 9",
                      signers=s_and(one, one, one, one, one, one), when=cmp("=", n, num(9))))
    rules.append(rule("escalate", "m", F, 123, "escalate m to top when n + big > big and n = 10", to="top",
                      when=and_(cmp(">", add(n, num(big), "number"), num(big)), cmp("=", n, num(10)))))
    rules.append(rule("escalate", "m", F, 124,
                      "escalate m to mid after 5 days when g not in { a } and lv in { t1, t2 }", to="mid",
                      after=days(5), when=and_(in_(field("g", "set"), ["a"], neg=True),
                                               in_(field("lv", "tier"), ["t1", "t2"]))))
    rules.append(rule("escalate", "m", F, 125, "escalate m to mid when d - 2026-01-01 > 300 days and n = 11",
                      to="mid", when=and_(cmp(">", {"op": "sub", "type": "days", "left": field("d", "date"),
                                                    "right": const("date", "2026-01-01")}, days(300)),
                                          cmp("=", n, num(11)))))
    return policy(holders, matters, rules, tiers=["t1", "t2", "t3"], kinds=["k"], title="limits")


def dense():
    """tests/eval/policies/dense.remit: every role may pass authority to every
    other (132 delegations), with one link from the board, up to £1."""
    F = "tests/eval/policies/dense.remit"
    holders = [body("board", "Board")] + [role("r%d" % i, "R%d" % i) for i in range(12)]
    rules = [rule("delegate", "spend", F, 21, "delegate spend from board to r0 up to £1", to="r0",
                  up_to=100, **{"from": "board", "may_subdelegate": True})]
    line = 23
    for a in range(12):
        for b in range(12):
            if a != b:
                rules.append(rule("delegate", "spend", F, line, "delegate spend from r%d to r%d" % (a, b),
                                  to="r%d" % b, **{"from": "r%d" % a, "may_subdelegate": True}))
                line += 2
    return policy(holders, [{"name": "spend", "title": "Spend", "fields": [fld("amount", "money")]}], rules,
                  title="Dense delegations")


def neighbourhood_team():
    """examples/neighbourhood-team.remit (with nhs.tiers, nhs.kinds and
    nhs.risk of the standard library)."""
    F = "examples/neighbourhood-team.remit"
    holders = [
        role("place_director", "Northfield Place Executive Director", ["executive"], "place"),
        role("place_partner_member", "Member of the Northfield Place Partnership Board", ["partner"], "place"),
        role("int_lead", "North Northfield INT lead", ["executive"], "neighbourhood"),
        role("pcn_clinical_director", "Clinical Director, North Northfield Primary Care Network", ["clinical"],
             "neighbourhood"),
        role("community_nursing_lead", "Community nursing team lead (North Vale Community and Mental Health "
             "NHS Trust)", ["clinical"], "neighbourhood"),
        role("social_work_lead", "Adult social work team manager (Northfield Borough Council)", ["social_care"],
             "neighbourhood"),
        role("mental_health_lead", "Neighbourhood mental health lead", ["clinical"], "neighbourhood"),
        role("pcn_pharmacist", "PCN clinical pharmacist", ["clinical"], "neighbourhood"),
        role("vcfse_rep", "Voluntary, community, faith and social enterprise representative", ["community"],
             "neighbourhood"),
        role("resident_rep", "Resident member of the neighbourhood panel", ["community"], "neighbourhood"),
        body("place_board", "Northfield Place Partnership Board", "partnership", "place", [],
             [member("place_director"), member("place_partner_member", 8, 12)],
             quorum("quorum majority and 1 executive", F, 69, q_majority(), q_kind(1, "executive"))),
        body("int", "North Northfield Integrated Neighbourhood Team", "team", "neighbourhood", ["place_board"],
             [member("int_lead"), member("pcn_clinical_director"), member("community_nursing_lead"),
              member("social_work_lead"), member("mental_health_lead"), member("pcn_pharmacist"),
              member("vcfse_rep", 1, 2), member("resident_rep", 2, 2)],
             quorum("quorum majority and 1 int_lead and 1 clinical and 1 social_care", F, 77, q_majority(),
                    q_role(1, "int_lead"), q_kind(1, "clinical"), q_kind(1, "social_care"))),
        body("neighbourhood_panel", "North Northfield Neighbourhood Panel", "forum", "neighbourhood", ["int"],
             [member("resident_rep", 6, 12), member("vcfse_rep", 2, 4)],
             quorum("quorum 5 and 2 resident_rep", F, 85, q_count(5), q_role(2, "resident_rep"))),
    ]
    cats = ["staffing", "care_packages", "equipment", "community_grants", "digital", "estates"]
    matters = [
        {"name": "neighbourhood_spend", "title": "Spend from the neighbourhood budget", "fields": [
            fld("amount", "money"), fld("category", "choice", choices=cats), fld("risk", "score", min=1, max=25),
            fld("impact", "tier"), fld("supplier", "text")]},
        {"name": "pathway_change", "title": "Change to a neighbourhood care pathway or shared-care arrangement",
         "fields": [fld("cost", "money"), fld("risk", "score", min=1, max=25), fld("impact", "tier"),
                    fld("shared_care", "bool"), fld("accountability_plan_agreed", "bool"),
                    fld("equity_assessed", "bool")]},
        {"name": "resource_redistribution", "title": "Moving resources between neighbourhoods",
         "fields": [fld("amount", "money")]},
    ]
    NS, PC, RR = "neighbourhood_spend", "pathway_change", "resource_redistribution"
    category = field("category", "choice")
    risk = field("risk", "score")
    wider = cmp(">", field("impact", "tier"), const("tier", "neighbourhood"))
    log = "North Northfield neighbourhood decision log"
    risks = "Northfield shared risk register"

    def ob(kind, line, within, to=None, register=None):
        return obligation(kind, F, line, to=to, register=register, within=days(within))

    def up(matter, line, when, frm, to=None, after=None):
        return rule("escalate", matter, F, line, "escalate", to=to, to_next_tier=to is None, when=when,
                    after=None if after is None else days(after), **{"from": frm})

    rules = [
        rule("reserve", RR, F, 123, "reserve resource_redistribution to place_board", to="place_board"),
        rule("delegate", NS, F, 132, "delegate neighbourhood_spend from place_board to int", to="int",
             up_to=15000000, limit=in_(category, cats[:5]),
             obligations=[ob("report", 136, 30, to="place_board")],
             **{"from": "place_board", "may_subdelegate": True}),
        rule("delegate", NS, F, 144, "delegate neighbourhood_spend from int to int_lead", to="int_lead",
             up_to=2500000, limit=in_(category, ["care_packages", "equipment", "community_grants"]),
             obligations=[ob("report", 148, 28, to="int")], **{"from": "int"}),
        rule("delegate", PC, F, 150, "delegate pathway_change from place_board to int", to="int",
             up_to=5000000, obligations=[ob("report", 153, 30, to="place_board")], **{"from": "place_board"}),
        rule("delegate", PC, F, 162, "delegate pathway_change from int to neighbourhood_panel",
             to="neighbourhood_panel", **{"from": "int", "as": "advise"}),
        rule("refuse", PC, F, 170, "no_equity_check: refuse pathway_change when not equity_assessed",
             label="no_equity_check", when=not_(field("equity_assessed", "bool"))),
        rule("refuse", PC, F, 176, "no_accountability_plan: refuse pathway_change when shared_care and not "
             "accountability_plan_agreed", label="no_accountability_plan",
             when=and_(field("shared_care", "bool"), not_(field("accountability_plan_agreed", "bool")))),
        up(NS, 187, wider, "int"),
        up(NS, 190, wider, "int_lead"),
        up(PC, 193, wider, "int"),
        up(NS, 199, cmp(">=", risk, num(15)), "int"),
        up(NS, 202, cmp(">=", risk, num(10)), "int_lead", to="int"),
        up(PC, 205, cmp(">=", risk, num(12)), "int"),
        up(NS, 213, None, "int_lead", to="int", after=10),
        up(NS, 216, None, "int", after=28),
        up(PC, 219, None, "int", after=42),
        rule("require", NS, F, 227, "require int_lead and (1 clinical or 1 social_care) for neighbourhood_spend",
             signers=s_and(slot("int_lead"), s_or(slot("clinical", "kind"), slot("social_care", "kind"))),
             when=cmp("=", category, const("choice", "care_packages", choices=cats))),
        rule("require", PC, F, 231, "require pcn_clinical_director and (community_nursing_lead or "
             "social_work_lead) for pathway_change when shared_care",
             signers=s_and(slot("pcn_clinical_director"), s_or(slot("community_nursing_lead"),
                                                                slot("social_work_lead"))),
             when=field("shared_care", "bool")),
        rule("limit", NS, F, 238, "limit neighbourhood_spend total amount <= £40k per supplier over 365 days "
             "for int_lead", total="amount", ceiling={"type": "money", "value": 4000000}, per="supplier",
             over=days(365), **{"for": "int_lead"}),
        rule("limit", NS, F, 240, "limit neighbourhood_spend total amount <= £100k per supplier over 365 days "
             "for int", total="amount", ceiling={"type": "money", "value": 10000000}, per="supplier",
             over=days(365), **{"for": "int"}),
        rule("after", NS, F, 247, "after neighbourhood_spend",
             obligations=[ob("record", 248, 7, register=log), ob("publish", 249, 28)]),
        rule("after", PC, F, 250, "after pathway_change",
             obligations=[ob("record", 251, 7, register=log), ob("publish", 252, 28),
                          ob("notify", 253, 14, to="place_director")]),
        rule("after", NS, F, 258, "after neighbourhood_spend when risk >= 10", when=cmp(">=", risk, num(10)),
             obligations=[ob("record", 259, 7, register=risks)]),
        rule("after", PC, F, 260, "after pathway_change when risk >= risk_high_from",
             when=cmp(">=", risk, num(8)), obligations=[ob("record", 261, 7, register=risks)]),
        rule("grant", NS, F, 273, "grant neighbourhood_spend to int_lead with pcn_clinical_director",
             to="int_lead", up_to=7500000, limit=in_(category, ["staffing", "care_packages", "equipment"]),
             protocol="local_surge",
             obligations=[ob("record", 276, 2, register="North Northfield surge decision log"),
                          ob("report", 277, 7, to="place_board")],
             **{"with": slot("pcn_clinical_director")}),
        rule("reserve", NS, F, 305, "reserve neighbourhood_spend to place_board when category = estates",
             to="place_board", when=cmp("=", category, const("choice", "estates", choices=cats))),
        rule("reserve", NS, F, 307, "reserve neighbourhood_spend to place_board when amount > £150k",
             to="place_board", when=cmp(">", field("amount", "money"), money(15000000))),
        rule("reserve", PC, F, 309, "reserve pathway_change to place_board when cost > £50k",
             to="place_board", when=cmp(">", field("cost", "money"), money(5000000))),
    ]
    protocols = [{"name": "local_surge",
                  "title": "Local surge in demand (OPEL 3 or 4, or a surge declared by place)",
                  "file": F, "line": 271,
                  "active_when": or_(cmp(">=", ctx("opel_level", "score"), num(3)), ctx("surge_declared", "bool")),
                  "expires_after": days(21), "ratify_by": "place_board", "ratify_within": days(14),
                  "ratify_file": F, "ratify_line": 279, "never_grant": [RR, PC]}]
    conflicts = [{"for": "int", "file": F, "line": 290, "categories": [
        {"name": "financial", "title": None,
         "actions": ["declare", "exclude from discussion", "exclude from vote"]},
        {"name": "professional", "title": None, "actions": ["declare", "chair decides"]},
        {"name": "personal", "title": None, "actions": ["declare", "chair decides"]},
        {"name": "indirect", "title": None, "actions": ["declare", "exclude from vote"]}],
        "declare_within": days(28), "declare_file": F, "declare_line": 295,
        "quorum_lost_refer_to": "place_board"}]
    kinds = ["independent", "executive", "partner", "clinical", "social_care", "elected", "lay", "community"]
    return policy(holders, matters, rules, tiers=NHS_TIERS, kinds=kinds,
                  context=[fld("opel_level", "score", min=1, max=4), fld("surge_declared", "bool")],
                  protocols=protocols, conflicts=conflicts,
                  title="North Northfield Integrated Neighbourhood Team: delegation, escalation and surge "
                        "protocol", version="2026.1")


def incident_protocol(F, line, ratify_line):
    """protocol incident "Major incident" { active when incident_level >= 3,
    ratify by board within 7 days, expires after 28 days }"""
    return {"name": "incident", "title": "Major incident", "file": F, "line": line,
            "active_when": cmp(">=", ctx("incident_level", "score"), num(3)),
            "expires_after": days(28), "ratify_by": "board", "ratify_within": days(7),
            "ratify_file": F, "ratify_line": ratify_line, "never_grant": []}


def crisis_precedence():
    """tests/eval/policies/crisis-precedence.remit: a crisis grant that takes
    precedence over a reservation (7.3.2: only while its protocol is in
    force)."""
    F = "tests/eval/policies/crisis-precedence.remit"
    holders = [role("ceo", "Chief Executive"),
               body("board", "Board", members=[member("ceo")])]
    matters = [{"name": "spend", "title": "Expenditure", "fields": [fld("amount", "money")]}]
    rules = [
        rule("reserve", "spend", F, 14, "big: reserve spend to board when amount > £500k", label="big",
             to="board", when=cmp(">", field("amount", "money"), money(50000000))),
        rule("delegate", "spend", F, 15, "delegate spend from board to ceo up to £500k", **{
            "from": "board", "to": "ceo", "up_to": 50000000,
            "obligations": [obligation("report", F, 16, to="board", within=days(30))]}),
        rule("grant", "spend", F, 19, "urgent: grant spend to ceo up to £1m", label="urgent", to="ceo",
             up_to=100000000, protocol="incident"),
    ]
    return policy(holders, matters, rules, context=[fld("incident_level", "score", min=0, max=4)],
                  protocols=[incident_protocol(F, 17, 20)], precedence=[{"file": F, "line": 23, "rules": [2, 0]}],
                  title="Crisis precedence over a reservation")


def expired(with_delegation_to_cfo=True):
    """tests/policies/expired.remit: a grant whose powers expire (7.9), with
    a delegation from ceo to cfo (from board to ceo when
    with_delegation_to_cfo is false: the text of expired2.remit)."""
    F = "expired.remit"
    holders = [role("ceo", "Chief Executive"), role("cfo", "Finance"),
               body("board", "Board", members=[member("ceo")])]
    matters = [{"name": "spend", "title": "Expenditure", "fields": [fld("amount", "money")]}]
    frm, to = ("ceo", "cfo") if with_delegation_to_cfo else ("board", "ceo")
    rules = [
        rule("delegate", "spend", F, 13, "delegate spend from %s to %s up to £500k" % (frm, to),
             **{"from": frm, "to": to, "up_to": 50000000}),
        rule("grant", "spend", F, 16, "urgent: grant spend to cfo up to £1m", label="urgent", to="cfo",
             up_to=100000000, protocol="incident"),
    ]
    return policy(holders, matters, rules, context=[fld("incident_level", "score", min=0, max=4)],
                  protocols=[incident_protocol(F, 14, 17)], title="expired")


def own_lines():
    """tests/eval/policies/own-lines.remit (with nhs.tiers): where a decision
    goes, up the decider's own lines (7.4)."""
    F = "tests/eval/policies/own-lines.remit"
    holders = [role("cfo", "Chief Finance Officer", tier="system"), role("ceo", "Chief Executive", tier="system"),
               role("place_director", "Place director", tier="place"),
               role("council_member", "Council member", tier="place"),
               role("programme_lead", "Programme lead", tier="place"),
               body("board", "ICB Board", tier="system", members=[member("ceo"), member("cfo")]),
               body("place_partnership", "Northfield Place Partnership", tier="place", reports_to=["board"],
                    members=[member("place_director"), member("council_member", 2, 2)])]
    category = field("category", "choice")
    matters = [{"name": "spend", "title": "Expenditure",
                "fields": [fld("amount", "money"), fld("category", "choice", choices=["revenue", "capital"])]}]
    rules = [
        rule("reserve", "spend", F, 20, "reserve spend to board when amount > £1m", to="board",
             when=cmp(">", field("amount", "money"), money(100000000))),
        rule("delegate", "spend", F, 21, "delegate spend from board to cfo up to £1m", **{
            "from": "board", "to": "cfo", "up_to": 100000000, "may_subdelegate": True,
            "obligations": [obligation("report", F, 22, to="board", within=days(30))]}),
        rule("delegate", "spend", F, 24, "delegate spend from board to place_partnership up to £100k", **{
            "from": "board", "to": "place_partnership", "up_to": 10000000,
            "obligations": [obligation("report", F, 25, to="board", within=days(30))]}),
        rule("delegate", "spend", F, 26, "delegate spend from cfo to place_director when category = capital "
             "up to £25k", **{"from": "cfo", "to": "place_director", "up_to": 2500000,
                              "when": cmp("=", category, const("choice", "capital",
                                                              choices=["revenue", "capital"]))}),
    ]
    return policy(holders, matters, rules, tiers=NHS_TIERS,
                  title="Where a decision goes: up the decider's own lines")


if __name__ == "__main__":
    import json
    import os
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    for name, fn in (("icb_tour", icb_tour), ("riverside", riverside), ("mix", mix), ("edge", edge), ("limits", limits), ("dense", dense), ("neighbourhood_team", neighbourhood_team),
                     ("crisis_precedence", crisis_precedence), ("expired", expired),
                     ("own_lines", own_lines)):
        with open(os.path.join(here, "exports", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(fn(), f, ensure_ascii=False, indent=1)
            f.write("\n")
    sys.stdout.write("written\n")


def precedence_across_matters(lines):
    """A precedence line between rules of different matters has no effect
    (7.3.2): `a over b` and `b over c`, b of another matter, do not put a
    over c; `a over b over c` on one line does (b is passed over)."""
    F = "across.remit"
    holders = [role("ceo", "Chief Executive"), body("board", "Board", members=[member("ceo")])]
    matters = [{"name": "spend", "title": "Expenditure", "fields": [fld("amount", "money")]},
               {"name": "hire", "title": "Appointment", "fields": [fld("amount", "money")]}]
    rules = [
        rule("after", "spend", F, 10, "a: after spend", label="a",
             obligations=[obligation("report", F, 11, to="board", within=days(30))]),
        rule("reserve", "hire", F, 12, "b: reserve hire to board", label="b", to="board"),
        rule("delegate", "spend", F, 13, "c: delegate spend from board to ceo", label="c",
             **{"from": "board", "to": "ceo"}),
    ]
    return policy(holders, matters, rules,
                  precedence=[{"file": F, "line": 20 + i, "rules": ids} for i, ids in enumerate(lines)],
                  title="Precedence across matters")


def urgent():
    """tests/eval/policies/urgent.remit: urgent decisions (SPEC 4.24, 7.15)."""
    F = "tests/eval/policies/urgent.remit"
    holders = [
        role("ceo", "Chief Executive"),
        role("cfo", "Director of Finance"),
        role("chair", "Chair"),
        role("ned", "Non-executive director"),
        body("board", "Board", None, None, [],
             [member("chair"), member("ceo"), member("cfo"), member("ned", 2, 2)],
             quorum("quorum 3", F, 15, q_count(3))),
        body("finance", "Finance Committee", None, None, ["board"], [member("ned"), member("cfo")]),
        body("audit", "Audit Committee", None, None, ["board"]),
    ]
    matters = [{"name": "spend", "title": "Spending", "fields": [
        fld("amount", "money"), fld("category", "choice", choices=["revenue", "capital"])]}]
    amount = field("amount", "money")
    rules = [
        rule("reserve", "spend", F, 27, "big: reserve spend to board when amount > £5m", label="big",
             to="board", when=cmp(">", amount, money(500000000))),
        rule("delegate", "spend", F, 28, "delegate spend from board to ceo up to £1m", to="ceo",
             **{"from": "board", "up_to": 100000000,
                "obligations": [obligation("report", F, 29, to="board", within=days(30))]}),
        rule("delegate", "spend", F, 30, "delegate spend from board to finance up to £3m", to="finance",
             **{"from": "board", "up_to": 300000000,
                "obligations": [obligation("report", F, 31, to="board", within=days(30))]}),
        rule("escalate", "spend", F, 32, "escalate spend to board when category = capital", to="board",
             when=in_(field("category", "choice"), ["capital"])),
        rule("refuse", "spend", F, 33, "refuse spend for cfo when amount > £8m",
             because="The director of finance never commits more than £8m",
             when=cmp(">", amount, money(800000000)), **{"for": "cfo"}),
        rule("urgent", "spend", F, 36, "chairs_action: urgent spend from board to ceo with chair up to £10m",
             label="chairs_action", to="ceo",
             **{"from": "board", "up_to": 1000000000, "no_limit": False, "limit": None,
                "with": slot("chair"),
                "obligations": [obligation("ratify", F, 37, to="board", within=days(28)),
                                obligation("report", F, 38, to="audit", within=days(14))]}),
        rule("urgent", "spend", F, 39, "urgent spend from finance to cfo up to no limit", to="cfo",
             **{"from": "finance", "up_to": None, "no_limit": True, "limit": None, "with": None,
                "obligations": [obligation("ratify", F, 40, to="finance", within=days(14))]}),
    ]
    return policy(holders, matters, rules, title="Test fixture: urgent decisions", version="1")
