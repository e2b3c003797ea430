"""Random policies and decisions for comparing the reference evaluator with
the C tool by hand (SPEC 7; the export of 11.9).

  python3 randpol.py policy SEED OUT     writes OUT.remit and OUT.json, its
                                         export, written alongside the text
                                         (so without `remit check --emit json`)
  python3 randpol.py decisions EXPORT.json SEED N [hist|register]
                                         N decisions as JSON Lines, or a
                                         history of N entries with `hist`,
                                         or a register with `register`
                                         (the decisions name the person
                                         Pat, whom it gives one role)

Not every policy passes `remit check` (its analyses refuse some); keep those
that do.  Then compare `remit eval OUT.remit --batch D.jsonl --history H.json`
with `remit_ref.py OUT.json --batch D.jsonl --history H.json`: the rules'
file is "p.remit", so name OUT p in a folder of its own.
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exports import *  # noqa: E402,F401,F403

def gen(seed, out):
    R = random.Random(seed)
    F = "p.remit"
    L = ['policy "rand %d"' % seed]
    ln = lambda: len(L) + 1  # line number of the next line
    tiers = ["t1", "t2", "t3"]
    L.append("tiers t1 < t2 < t3")
    L.append("kind k1"); L.append("kind k2")
    holders = []
    roles = ["r%d" % i for i in range(R.randint(2, 5))]
    for r in roles:
        ks = R.sample(["k1", "k2"], R.randint(0, 2)); t = R.choice([None, "t1", "t2"])
        L.append("role %s \"%s\"%s%s" % (r, r.upper(), (" is " + ", ".join(ks)) if ks else "", (" at " + t) if t else ""))
        holders.append(role(r, r.upper(), ks, t))
    bodies = ["b%d" % i for i in range(R.randint(1, 4))]
    depth = {}
    for i, b in enumerate(bodies):
        rep = [] if i == 0 else R.sample(bodies[:i], R.randint(0 if R.random() < 0.2 else 1, min(2, i)))
        depth[b] = 0 if not rep else 1 + max(depth[x] for x in rep)
        t = R.choice([None, ["t3", "t2", "t1", "t1"][depth[b]]]) if depth[b] else "t3"
        mem = []
        if R.random() < 0.7:
            for r in R.sample(roles, R.randint(1, len(roles))):
                mn, mx = R.choice([(1, 1), (2, None), (0, None), (2, 3)])
                mem.append((r, mn, mx))
        q = None
        head = "body %s \"%s\"%s%s" % (b, b.upper(), (" at " + t) if t else "", (" reports to " + ", ".join(rep)) if rep else "")
        if mem:
            L.append(head + " {")
            ms = []
            for r, mn, mx in mem:
                ms.append((r if (mn, mx) == (1, 1) else ("%d+ %s" % (mn, r) if mx is None else "%d..%d %s" % (mn, mx, r))))
            L.append("    members " + ", ".join(ms))
            if R.random() < 0.8:
                terms = []; tt = []
                for _ in range(R.randint(1, 2)):
                    c = R.choice(["majority", "all", "count", "percent", "role", "kind"])
                    if c == "majority": terms.append("majority"); tt.append(q_majority())
                    elif c == "all": terms.append("all"); tt.append(q_all())
                    elif c == "count": n = 1; terms.append(str(n)); tt.append(q_count(n))
                    elif c == "percent": p = R.choice([50, 60, 75]); terms.append("%d%%" % p); tt.append(q_percent(p * 100))
                    elif c == "role" and [m_ for m_ in mem if m_[1] >= 1]:
                        r = R.choice([m_ for m_ in mem if m_[1] >= 1])[0]; terms.append("1 " + r); tt.append(q_role(1, r))
                    else: terms.append("majority"); tt.append(q_majority())
                text = "quorum " + " and ".join(terms)
                q = quorum(text, F, ln(), *tt)
                L.append("    " + text)
            L.append("}")
        else:
            L.append(head)
        holders.append(body(b, b.upper(), None, t, rep, [member(r, mn, mx) for r, mn, mx in mem], q))
    H = roles + bodies
    L.append('matter m "M" {'); L.append("    amt: money"); L.append("    n: number")
    L.append("    c: one of { p, q, r }"); L.append("    t: text"); L.append("}")
    matters = [{"name": "m", "title": "M", "fields": [fld("amt", "money"), fld("n", "number"),
               fld("c", "choice", choices=["p", "q", "r"]), fld("t", "text")]}]
    L.append("context {"); L.append("    lvl: score 0..4"); L.append("}")
    amt = field("amt", "money"); n = field("n", "number"); c = field("c", "choice")
    def when():
        k = R.choice(["n", "c", "lvl", "t"])
        if k == "n":
            v = R.randint(0, 5); op = R.choice(["<", ">=", "=", "!="])
            return "n %s %d" % (op, v), cmp(op, n, num(v))
        if k == "c":
            vs = sorted(R.sample(["p", "q", "r"], R.randint(1, 2)))
            neg = R.random() < 0.3
            return "c %sin { %s }" % ("not " if neg else "", ", ".join(vs)), in_(c, vs, neg)
        if k == "t":
            return 't = "x"', cmp("=", field("t", "text"), const("text", "x"))
        v = R.randint(1, 3)
        return "lvl >= %d" % v, cmp(">=", ctx("lvl", "score"), num(v))
    def signers():
        parts = []; tree = []
        for _ in range(R.randint(1, 2)):
            who = R.choice(H + ["k1", "k2"]); is_ = "kind" if who in ("k1", "k2") else "holder"
            cnt = R.choice([1, 1, 2]) if who not in bodies else 1
            parts.append(("%d %s" % (cnt, who)) if cnt > 1 else who); tree.append(slot(who, is_, cnt))
        if len(parts) == 1: return parts[0], tree[0]
        op = R.choice(["and", "or"])
        return (" %s " % op).join(parts), (s_and if op == "and" else s_or)(*tree)
    rules = []; labels = []; held = []
    def add_rule(kind, text, extra_lines=(), **kw):
        line = ln()
        lab = None
        if R.random() < 0.3 and kind not in ("after",):
            lab = "L%d" % len(rules); text = lab + ": " + text
        L.append(text)
        obls = []
        for (ot, okind, oto, owithin) in extra_lines:
            obls.append(obligation(okind, F, ln(), to=oto, register="reg" if okind == "record" else None,
                                   within=days(owithin) if owithin else None))
            L.append("    " + ot)
        r = rule(kind, "m", F, line, text, label=lab, **kw)
        if obls: r["obligations"] = obls
        rules.append(r)
        if lab: labels.append((lab, len(rules) - 1))
        return r
    def obls():
        out = []
        for _ in range(R.randint(0, 2)):
            w = R.choice([None, 7, 30])
            k = R.choice(["report", "record", "publish", "notify"])
            to = R.choice(bodies) if k == "report" else (R.choice(H) if k == "notify" else None)
            txt = {"report": "report to %s" % to, "record": 'record in "reg"', "publish": "publish", "notify": "notify %s" % to}[k]
            if w: txt += " within %d days" % w
            out.append((txt, k, to, w))
        return out
    for _ in range(R.randint(3, 9)):
        kind = R.choice(["delegate"] * 5 + ["reserve", "escalate", "refuse", "require", "limit", "after", "escalate"])
        kw = {}; parts = []
        if kind == "delegate":
            holding = [h for h in H if h in bodies and not holders[H.index(h)]["reports_to"]] + held
            cand = [h for h in H if h not in holding]
            if not cand: continue
            a = R.choice(holding); b = R.choice(cand)
            parts.append("delegate m from %s to %s" % (a, b)); kw = {"from": a, "to": b}
            if R.random() < 0.3:
                asv = R.choice(["advise", "joint", "transfer", "delegated"]); parts.append("as " + asv); kw["as"] = asv
            if kw.get("as") != "advise" and R.random() < 0.8: held.append(b)
            if R.random() < 0.4:
                u = R.choice([1000, 5000, 10000]); parts.append("up to £%d" % u); kw["up_to"] = u * 100
            if R.random() < 0.3:
                v = R.choice([2000, 8000]); parts.append("limit amt <= £%d" % v); kw["limit"] = cmp("<=", amt, money(v * 100))
            if R.random() < 0.3:
                t, e = when(); parts.append("when " + t); kw["when"] = e
            if R.random() < 0.6: parts.append("may subdelegate"); kw["may_subdelegate"] = True
            if R.random() < 0.15:
                t, e = signers(); parts.append("with " + t); kw["with"] = e
            add_rule("delegate", " ".join(parts), obls(), **kw)
        elif kind == "reserve":
            h = R.choice(H); v = R.randint(4, 5)
            add_rule("reserve", "reserve m to %s when n >= %d" % (h, v), to=h, when=cmp(">=", n, num(v)))
        elif kind == "escalate":
            t, e = when(); h = R.choice([b for b in bodies if depth[b] == 0])
            nonroot = [b for b in bodies if depth[b] > 0 and holders[H.index(b)]["tier"]]
            nt = bool(nonroot) and R.random() < 0.3
            txt = "escalate m to %s when %s" % ("next tier" if nt else h, t)
            kw = {"to": None if nt else h, "to_next_tier": nt, "when": e}
            if nt:
                f = R.choice(nonroot); txt += " from " + f; kw["from"] = f
            elif R.random() < 0.4:
                f = R.choice(H); txt += " from " + f; kw["from"] = f
            if R.random() < 0.2:
                txt += " after 10 days"; kw["after"] = days(10)
            add_rule("escalate", txt, **kw)
        elif kind == "refuse":
            t, e = when(); txt = "refuse m when " + t; kw = {"when": e}
            if R.random() < 0.5:
                f = R.choice(H); txt += " for " + f; kw["for"] = f
            add_rule("refuse", txt, **kw)
        elif kind == "require":
            s, tree = signers(); t, e = when()
            add_rule("require", "require %s for m when %s" % (s, t), signers=tree, when=e)
        elif kind == "limit":
            cap = R.choice([3000, 10000]); op = R.choice(["<=", "<"])
            txt = "limit m total amt %s £%d" % (op, cap)
            kw = {"total": "amt", "total_op": op, "ceiling": {"type": "money", "value": cap * 100},
                  "over": days(30)}
            if R.random() < 0.5: txt += " per " + R.choice(["c", "t"]); kw["per"] = txt.split()[-1]
            txt += " over 30 days"
            if R.random() < 0.6:
                f = R.choice(H); txt += " for " + f; kw["for"] = f
            add_rule("limit", txt, **kw)
        else:
            t, e = when(); ob = obls() or [("publish", "publish", None, None)]
            add_rule("after", "after m when " + t, ob, when=e)
    # a second matter: its rules never apply to decisions of m (7.3.2)
    L.append('matter m2 "M two" {'); L.append("    v: money"); L.append("    s: one of { u, w }"); L.append("}")
    matters.append({"name": "m2", "title": "M two", "fields": [fld("v", "money"),
                                                               fld("s", "choice", choices=["u", "w"])]})
    roots = [b for b in bodies if depth[b] == 0]
    for _ in range(R.randint(0, 3)):
        k = R.choice(["delegate", "reserve", "refuse"])
        line = ln()
        if k == "delegate":
            a = R.choice(roots); b = R.choice([h for h in H if h != a])
            txt = "delegate m2 from %s to %s up to £%d" % (a, b, 4000)
            L.append(txt); rules.append(rule("delegate", "m2", F, line, txt, to=b, up_to=400000, **{"from": a}))
        elif k == "reserve":
            h = R.choice(H); txt = "reserve m2 to %s when v > £6000" % h
            L.append(txt); rules.append(rule("reserve", "m2", F, line, txt, to=h,
                                             when=cmp(">", field("v", "money"), money(600000))))
        else:
            txt = "refuse m2 when s = w"
            L.append(txt); rules.append(rule("refuse", "m2", F, line, txt, when=cmp(
                "=", field("s", "choice"), const("choice", "w", choices=["u", "w"]))))
    protocols = []
    if R.random() < 0.5:
        pl = ln(); L.append("protocol pr {")
        t, e = when_ctx = ("lvl >= 2", cmp(">=", ctx("lvl", "score"), num(2)))
        L.append("    active when lvl >= 2")
        for _ in range(R.randint(1, 2)):
            h = R.choice(H); txt = "grant m to %s when n < 4" % h
            kw = {"to": h, "protocol": "pr", "when": cmp("<", n, num(4))}
            u = R.choice([1000, 5000]); txt += " up to £%d" % u; kw["up_to"] = u * 100
            if R.random() < 0.3:
                s, tree = signers(); txt += " with " + s; kw["with"] = tree
            line = ln(); L.append("    " + txt)
            rules.append(rule("grant", "m", F, line, txt, **kw))
        rb = R.choice(bodies); rl = ln(); L.append("    ratify by %s within 5 days" % rb)
        L.append("    expires after 14 days"); L.append("}")
        protocols.append({"name": "pr", "title": None, "file": F, "line": pl, "active_when": e,
                          "expires_after": days(14), "ratify_by": rb, "ratify_within": days(5),
                          "ratify_file": F, "ratify_line": rl, "never_grant": []})
    conflicts = []
    if R.random() < 0.6:
        fb = R.choice([None] + bodies)
        cl = ln(); L.append("conflicts%s {" % ((" for " + fb) if fb else ""))
        cats = []
        for cn in ("fin", "ind"):
            acts = R.choice([["declare", "withdraw"], ["declare", "chair decides"], ["exclude from vote"], ["declare"]])
            L.append("    interest %s requires %s" % (cn, ", ".join(acts)))
            cats.append({"name": cn, "title": None, "actions": acts})
        dl = ln(); L.append("    declare within 10 days")
        ref = None
        if R.random() < 0.6:
            ref = R.choice(bodies); L.append("    when quorum lost refer to " + ref)
        L.append("}")
        conflicts.append({"for": fb, "file": F, "line": cl, "categories": cats, "declare_within": days(10),
                          "declare_file": F, "declare_line": dl, "quorum_lost_refer_to": ref})
    prec = []
    for _ in range(R.randint(0, 2)):
        if len(labels) >= 2:
            (a, ia), (b, ib) = R.sample(labels, 2)
            prec.append({"file": F, "line": ln(), "rules": [ia, ib]}); L.append("precedence %s over %s" % (a, b))
    exp = policy(holders, matters, rules, tiers=tiers, kinds=["k1", "k2"],
                 context=[fld("lvl", "score", min=0, max=4)], protocols=protocols,
                 conflicts=conflicts, precedence=prec, title="rand %d" % seed)
    # rules are renumbered in policy(); precedence ids were indexes into rules: same
    with open(out + ".remit", "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")
    with open(out + ".json", "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False)
    return roles, bodies, bool(protocols), conflicts



def decisions(pol, seed, n, hist):
    R = random.Random(seed)
    H = [h["name"] for h in pol["holders"]]; roles = [h["name"] for h in pol["holders"] if h["is"] == "role"]
    bodies = {h["name"]: h for h in pol["holders"] if h["is"] == "body"}
    cats = sorted({c["name"] for b in pol["conflicts"] for c in b["categories"]})
    chair = {c["name"] for b in pol["conflicts"] for c in b["categories"] if "chair decides" in c["actions"]}
    def dec(hist=False):
        d = {"matter": "m", "decider": R.choice(H), "date": "2026-06-%02d" % R.randint(1, 28),
             "fields": {"amt": "£%d" % R.choice([0, 999, 1000, 1001, 2000, 2001, 3000, 5000, 5001, 8000, 9000, 10001]),
                        "n": R.randint(0, 6), "c": R.choice("pqr"), "t": R.choice(["x", "y"])},
             "context": {"lvl": R.randint(0, 4)}}
        if R.random() < 0.15:
            d["matter"] = "m2"
            d["fields"] = {"v": "£%d" % R.choice([0, 4000, 4001, 6001]), "s": R.choice("uw")}
        if not hist and R.random() < 0.2:
            d["decider"] = {"person": "Pat"}  # the register (register()) gives Pat one role
        if not hist and R.random() < 0.2:
            d["subject"] = R.sample(["x", "y", "z"], R.randint(0, 2))
        if R.random() < 0.7: d["opened"] = "2026-05-%02d" % R.randint(15, 31)
        if R.random() < 0.5: d["body"] = R.choice(list(bodies))
        if R.random() < 0.5: d["co_signatories"] = [R.choice(H) for _ in range(R.randint(0, 3))]
        if pol["protocols"]: d["activated"] = {"pr": "2026-%02d-%02d" % (R.choice([5, 6]), R.randint(1, 28))}
        if hist:
            d.pop("opened", None); d.pop("activated", None)
            if pol["protocols"] and d["matter"] == "m" and R.random() < 0.3:
                d["under"] = "pr"
                if R.random() < 0.5: d["ratified"] = "2026-06-28"
            if R.random() < 0.5: d.pop("context")
            return d
        if isinstance(d["decider"], str) and d["decider"] in bodies and R.random() < 0.6:
            mem = [m["role"] for m in bodies[d["decider"]]["members"]] or roles
            d["attendance"] = []
            for _ in range(R.randint(0, 6)):
                a = {"role": R.choice(mem), "present": R.random() < 0.75}
                if R.random() < 0.3: a["person"] = R.choice(["P", "Q", "Pat"])
                d["attendance"].append(a)
        if cats and R.random() < 0.4:
            d["interests"] = []
            for _ in range(R.randint(1, 2)):
                who = R.choice(roles)
                if R.random() < 0.3: who = {"person": R.choice(["P", "Q", "Pat"]), "role": who}
                it = {"who": who, "kind": R.choice(cats), "in": R.choice(["x", "y"])}
                if R.random() < 0.6: it["acquired"] = "2026-05-%02d" % R.randint(1, 31)
                if R.random() < 0.3: it["declared"] = "2026-06-%02d" % R.randint(1, 28)
                if it["kind"] in chair: it["ruling"] = R.choice(["allow", "exclude"])
                d["interests"].append(it)
        return d
    if hist:
        return [dec(True) for _ in range(n)]
    return [dec() for _ in range(n)]


def register(pol, seed):
    """A register for the policy: Pat holds one role, with interests."""
    R = random.Random(seed)
    roles = [h["name"] for h in pol["holders"] if h["is"] == "role"]
    cats = sorted({c["name"] for b in pol["conflicts"] for c in b["categories"]})
    chair = {c["name"] for b in pol["conflicts"] for c in b["categories"] if "chair decides" in c["actions"]}
    ints = []
    for _ in range(R.randint(0, 2)):
        ok = [c for c in cats if c not in chair]
        if ok:
            it = {"kind": R.choice(ok), "in": R.choice(["x", "y"])}
            if R.random() < 0.6:
                it["acquired"] = "2026-05-%02d" % R.randint(1, 31)
            ints.append(it)
    return {"people": [{"name": "Pat", "roles": [R.choice(roles)], "interests": ints},
                       {"name": "Q", "roles": R.sample(roles, min(2, len(roles)))}]}


if __name__ == "__main__":
    if sys.argv[1:2] == ["policy"]:
        gen(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["decisions"]:
        with open(sys.argv[2], encoding="utf-8") as f:
            doc = json.load(f)
        if sys.argv[5:6] == ["register"]:
            print(json.dumps(register(doc, int(sys.argv[3])), ensure_ascii=False))
            sys.exit(0)
        h = sys.argv[5:6] == ["hist"]
        got = decisions(doc, int(sys.argv[3]), int(sys.argv[4]), h)
        if h:
            print(json.dumps(got, ensure_ascii=False))
        else:
            for d in got:
                print(json.dumps(d, ensure_ascii=False))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
