#!/usr/bin/env python3
"""tests/diff.py REMIT - `remit diff OLD NEW` (SPEC.md 11.10) on the
examples and versions of them changed on purpose: no change when a policy
is compared with itself (or a copy with other comments); a threshold
raised is found as regions of the amount, the decisions now permitted
marked as widening authority; a threshold lowered only narrows; a role,
a member and a quorum changed are changes of structure; the exit codes
of --fail-on any and widened; sets tried by the kinds of choice their
rules tell apart, a date moved by months, a comparison of two values
named as not exact, a body without seats not compared, and the regions'
boxes.  Every witness decision the JSON gives is
evaluated again with `remit eval` under both versions, through the input
reader as any user would, and must be answered as the diff says.  Prints
PASS/FAIL lines like the other suites."""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from suite import ROOT, Suite, sarif_validator, validator

S = Suite("diff")
say = S.say


def run(args, **kw):
    p = subprocess.run(args, capture_output=True, timeout=300, **kw)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def variant(tmp, name, text, edits):
    for old, new in edits:
        if old not in text:
            raise ValueError("%s: %r not in the policy" % (name, old))
        text = text.replace(old, new)
    path = os.path.join(tmp, name + ".remit")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def answer(remit, policy, decision, tmp):
    """What `remit eval` answers for the decision: 'permitted', 'escalate to X', ..."""
    path = os.path.join(tmp, "witness.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(decision + "\n")
    rc, out, err = run([remit, "eval", "--format", "json", "--no-analyses", policy, path])
    try:
        d = json.loads(out)
    except ValueError:
        return "not evaluated (exit %d: %s)" % (rc, err.strip()[:200])
    if d.get("outcome") == "escalate":
        return "escalate to " + d.get("escalate_to", "?")
    return d.get("outcome", "?")


def witnesses_hold(remit, old, new, doc, tmp):
    """Each witness, evaluated with remit eval under both versions, is
    answered as the diff says (permitted ... compared on its first word)."""
    bad, n = [], 0
    for reg in doc["regions"]:
        for w in reg["witnesses"]:
            n += 1
            for policy, said in ((old, w["before"]), (new, w["now"])):
                got = answer(remit, policy, w["decision"], tmp)
                want = "permitted" if said.startswith("permitted") else said
                if got != want:
                    bad.append("%s under %s: eval says %s, diff %s" % (w["decision"], os.path.basename(policy), got,
                                                                      said))
    return n, bad


def main():
    remit = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="remit-diff-")
    try:
        for sub in ("registers",):
            shutil.copytree(os.path.join(ROOT, "examples", sub), os.path.join(tmp, sub))
        with open(os.path.join(ROOT, "examples/icb-scheme.remit"), encoding="utf-8") as f:
            icb = f.read()
        old = os.path.join(tmp, "icb.remit")
        with open(old, "w", encoding="utf-8") as f:
            f.write(icb)
        same = variant(tmp, "comments", icb, [("policy ", "# a comment that changes nothing\npolicy ", )])
        raised = variant(tmp, "raised", icb, [("const board_threshold = £5m", "const board_threshold = £6m"),
                                              ("delegate spend from board to ceo up to £5m",
                                               "delegate spend from board to ceo up to £6m")])
        lowered = variant(tmp, "lowered", icb, [("const board_threshold = £5m", "const board_threshold = £4m"),
                                                ("delegate spend from board to ceo up to £5m",
                                                 "delegate spend from board to ceo up to £4m")])
        role = variant(tmp, "role", icb, [("use nhs.incident\n", "use nhs.incident\nrole head_of_audit \"Head of Internal Audit\"\n")])

        for name, path in (("itself", old), ("a copy with another comment", same)):
            rc, out, _ = run([remit, "diff", old, path])
            say(rc == 0 and out.startswith("no change"), "a policy against %s: no change, exit 0 (exit %d)" % (name, rc))

        dv = validator("remit.diff-1.schema.json")
        rc, out, err = run([remit, "diff", "--format", "json", old, raised])
        doc = json.loads(out)
        errs = [e.message for e in dv.iter_errors(doc)]
        say(not errs, "the JSON is a valid remit.diff/1 document%s" % (": " + "; ".join(errs[:3]) if errs else ""))
        wid = [r for r in doc["regions"] if r["widened"]]
        say(rc == 1 and doc["schema"] == "remit.diff/1" and doc["changed"] and doc["complete"] and wid
            and all(r["field"] == "amount" and r["from"] == "£5,000,000.01" and r["to"] == "£6,000,000"
                    for r in doc["regions"]),
            "the board's threshold raised from £5m to £6m: %d regions, each of amount from £5,000,000.01 to "
            "£6,000,000, %d widening authority (exit %d)" % (len(doc["regions"]), len(wid), rc))
        say(any(r["decider"] == "ceo" and r["before"] == "escalate to board" and r["now"].startswith("permitted")
                for r in wid), "the chief executive may now take what went to the board")
        n, bad = witnesses_hold(remit, old, raised, doc, tmp)
        say(n >= 3 and not bad, "every witness (%d, inside each region and either side of it) is answered by "
            "remit eval as the diff says, under both versions%s" % (n, ": " + "; ".join(bad[:3]) if bad else ""))
        rc_w, _, _ = run([remit, "diff", "--fail-on", "widened", old, raised])
        say(rc_w == 1, "--fail-on widened: exit 1 when authority is widened (exit %d)" % rc_w)

        rc, out, _ = run([remit, "diff", "--format", "json", old, lowered])
        doc = json.loads(out)
        rc_w, _, _ = run([remit, "diff", "--fail-on", "widened", old, lowered])
        n, bad = witnesses_hold(remit, old, lowered, doc, tmp)
        say(rc == 1 and doc["regions"] and not any(r["widened"] for r in doc["regions"]) and rc_w == 0 and not bad,
            "the threshold lowered to £4m: %d regions, none widening; exit 1, and 0 with --fail-on widened "
            "(exit %d, %d); its %d witnesses hold%s" % (len(doc["regions"]), rc, rc_w, n, ": " + "; ".join(bad[:3]) if bad else ""))

        # a co-signature no longer asked for widens authority; asked for again, it narrows
        line = [l for l in icb.split("\n") if l.startswith("require cfo and 1 executive for spend")][0]
        loose = variant(tmp, "loose", icb, [(line + "\n", "")])
        for a, b, wide in ((old, loose, True), (loose, old, False)):
            rc, out, _ = run([remit, "diff", "--format", "json", a, b])
            d2 = json.loads(out)
            rc_w, _, _ = run([remit, "diff", "--fail-on", "widened", a, b])
            n, bad = witnesses_hold(remit, a, b, d2, tmp)
            say(rc == 1 and d2["regions"] and all(r["widened"] == wide for r in d2["regions"]) and
                rc_w == (1 if wide else 0) and not bad,
                "a co-signature requirement %s: %d regions, %s widening authority (--fail-on widened exit %d); "
                "its %d witnesses hold%s" % ("dropped" if wide else "added", len(d2["regions"]),
                                             "all" if wide else "none", rc_w, n, ": " + "; ".join(bad[:2]) if bad else ""))

        rc, out, _ = run([remit, "diff", "--format", "json", old, role])
        doc = json.loads(out)
        bad = copy.deepcopy(doc)
        bad["structural"][0]["kind"] = "holder_renamed"
        say(dv.is_valid(doc) and not dv.is_valid(bad), "the schema takes a change of structure, and rejects an "
            "unknown kind")
        say(rc == 1 and [s["kind"] for s in doc["structural"]] == ["holder_added"] and not doc["regions"],
            "a role added that decides nothing: one change of structure, no decision changed (exit %d)" % rc)
        rc, out, _ = run([remit, "diff", "--format", "json", raised, old])
        back = json.loads(out)
        say(rc == 1 and not any(r["widened"] for r in back["regions"]) and back["regions"],
            "the other way round, the same regions narrow authority")

        # SARIF and GitHub: a result (an annotation) for each region and change of structure
        both = variant(tmp, "both", icb, [("const board_threshold = £5m", "const board_threshold = £6m"),
                                          ("delegate spend from board to ceo up to £5m",
                                           "delegate spend from board to ceo up to £6m"),
                                          ("use nhs.incident\n", "use nhs.incident\nrole head_of_audit \"Head\"\n")])
        _, out, _ = run([remit, "diff", "--format", "json", old, both])
        doc = json.loads(out)
        rc_s, sar, _ = run([remit, "diff", "--format", "sarif", old, both])
        rc_g, gh, _ = run([remit, "diff", "--format", "github", old, both])
        log = json.loads(sar)
        errs = [e.message for e in sarif_validator().iter_errors(log)]
        res = log["runs"][0]["results"]
        rules = [x["id"] for x in log["runs"][0]["tool"]["driver"]["rules"]]
        want = [("structure-changed", "note")] * len(doc["structural"]) + [
            ("authority-widened" if r["widened"] else "decision-changed", "error" if r["widened"] else "warning")
            for r in doc["regions"]]
        lines = [l for l in gh.split("\n") if l]
        say(rc_s == rc_g == 1 and not errs and [(x["ruleId"], x["level"]) for x in res] == want
            and all(rules[x["ruleIndex"]] == x["ruleId"] for x in res)
            and all(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("both.remit") for x in res)
            and len(lines) == len(want) and all(l.startswith("::%s file=" % ("notice" if lv == "note" else lv))
                                                for l, (_, lv) in zip(lines, want)),
            "SARIF (valid against the official schema) and GitHub annotations: one result a change, %d, at the new "
            "file, widened authority an error%s" % (len(res), ": " + "; ".join(errs[:2]) if errs else ""))

        rc, md, _ = run([remit, "diff", "--format", "markdown", old, raised])
        say(rc == 1 and md.startswith("### Remit: what changes from") and "| decisions | before | now |" in md
            and md.count("\n| ") >= 3, "markdown: a heading and a table, for a pull-request comment")
        rc, _, err = run([remit, "diff", old])
        say(rc == 2 and "two policies" in err, "one policy only: exit 2, saying so")
        rc, _, err = run([remit, "diff", old, os.path.join(ROOT, "tests/check/bad-suggest-tie.remit")])
        say(rc == 2 and "R0201" in err, "a version with errors: exit 2, its errors said")
        rc, _, err = run([remit, "diff", "--format", "yaml", old, raised])
        say(rc == 2 and "unknown format" in err, "an unknown format: exit 2")
        # what SPEC 11.10 says of sets, dates moved by months, two values
        # compared, bodies without seats, and boxes
        base = """policy "Edges"
role ceo "Chief Executive"
role cfo "Director of Finance"
body board "Board" {
    members ceo, cfo
}
body panel "Panel" reports to board {
    quorum 2
}
matter buy "Purchase" {
    amount: money
    items: number
    stock: number
    areas: set of { estates, digital, clinical, research }
    renewal: date
}
delegate buy from board to ceo up to £1m
    may subdelegate
delegate buy from ceo to cfo up to £100k
    when areas not in { estates } or areas not in { digital }
delegate buy from board to panel
"""
        edges = variant(tmp, "edges", base, [])
        sets = variant(tmp, "sets", base, [("up to £100k\n", "up to £200k\n")])
        rc, out, _ = run([remit, "diff", "--format", "json", edges, sets])
        d3 = json.loads(out)
        boxes_sets = [v for r in d3["regions"] for b in r["boxes"] for v in b["fields"]["areas"]]
        say(rc == 1 and dv.is_valid(d3) and sorted(boxes_sets) == [[], ["digital"], ["estates"]] and
            all("areas { } or { estates } or { digital }" in r["where"] for r in d3["regions"]),
            "a set is tried as the unions of the kinds of choice its rules tell apart: estates and digital "
            "together is outside the region, clinical and research (named by no rule) are not tried apart")
        say(d3["not_compared"] == [{"matter": "buy", "decider": "panel"}] and not d3["complete"] and
            not any(r["decider"] == "panel" for r in d3["regions"]),
            "a body deciding at meetings whose seats the policy does not list is not compared, and said so")
        rc, txt, _ = run([remit, "diff", edges, sets])
        say("(not compared: decisions of buy by panel" in txt, "the text says which decider was not compared")
        amounts = [b["fields"]["amount"] for r in d3["regions"] for b in r["boxes"]]
        say(all(a == [{"from": "£100,000.01", "to": "£200,000"}] for a in amounts) and amounts,
            "boxes give the amount as the range of values it stands for (£100,000.01 to £200,000)")
        two = variant(tmp, "two", base + "escalate buy to ceo when items > stock\n", [])
        rc, out, _ = run([remit, "diff", "--format", "json", edges, two])
        d4 = json.loads(out)
        rc, txt, _ = run([remit, "diff", edges, two])
        say(dv.is_valid(d4) and [(x["matter"], x["line"]) for x in d4["inexact"]] == [("buy", base.count("\n") + 1)]
            and not d4["complete"] and "(not exact for buy:" in txt,
            "a comparison of two values a decision gives is named as not exact (JSON and text)")
        months = variant(tmp, "months", base + "escalate buy to ceo when renewal + 6 months < date\n", [])
        rc, out, _ = run([remit, "diff", "--format", "json", edges, months])
        d5 = json.loads(out)
        renewals = [v for r in d5["regions"] for b in r["boxes"] for v in b["fields"]["renewal"]]
        say(rc == 1 and not d5["inexact"] and {"from": None, "to": "2025-09-30"} in renewals,
            "a date moved by calendar months against the decision's date has its boundary tried (renewal before "
            "1 October 2025 changes the answer)%s" % ("" if renewals else ": no region"))

        # the date moved on the other side, in days or months; a nest of
        # months (which once took 7^n steps); a field with hundreds of
        # values worth trying (once cut silently at 512)
        for rule, what in (("escalate buy to ceo when renewal < date - 6 months", "date - 6 months"),
                           ("escalate buy to ceo when renewal < date - 30 days", "date - 30 days"),
                           ("escalate buy to ceo when renewal" + " + 1 months" * 14 + " < date", "14 nested months")):
            v = variant(tmp, "dated", base + rule + "\n", [])
            rc, out, _ = run([remit, "diff", "--format", "json", edges, v])  # (a hang is the run's timeout)
            d6 = json.loads(out)
            say(rc == 1 and d6["regions"] and d6["tried"] == d6["combinations"],
                "a date compared with %s: its boundary is tried, %d regions (exit %d)" % (what, len(d6["regions"]), rc))
        many = "".join("refuse buy when amount = £%d\n" % (1000 + i) for i in range(700))
        a = variant(tmp, "many_a", base + many + "refuse buy when amount > £900k\n", [])
        b = variant(tmp, "many_b", base + many + "refuse buy when amount > £950k\n", [])
        rc, out, _ = run([remit, "diff", "--format", "json", a, b])
        d7 = json.loads(out)
        say(rc == 1 and d7["tried"] == d7["combinations"] and any(r["widened"] for r in d7["regions"]),
            "an amount with over 2,000 values worth trying: every one tried, the widening from £900,000.01 found")

        # what remit diff spares (SPEC 11.10: a matter said alike, the
        # roles of a class stood for by one) changes nothing it says:
        # the same bytes with REMIT_DIFF_EVERY=1 (every decision evaluated)
        posts = "".join('role m%d "Manager %d" is manager\n' % (i, i) for i in range(12))
        spared = ('policy "Spared" version "1"\nkind manager "Manager"\nkind executive "Executive"\n'
                  'role ceo "Chief executive" is executive\n' + posts +
                  'body board "Board" {\n    members ceo\n}\n'
                  'matter spend "Spend" {\n    amount: money\n}\nmatter hire "Hire" {\n    amount: money\n}\n'
                  'delegate spend from board to ceo up to £5m\n    may subdelegate\n'
                  'delegate spend from ceo to m3 up to £1m\ndelegate spend from ceo to m7 up to £2m\n'
                  'delegate hire from board to ceo up to £1m\n    may subdelegate\n'
                  'delegate hire from ceo to m5 up to £50k\n'
                  'require 2 manager for spend when amount > £10k\nrequire 1 manager for hire\n')
        sp_old = variant(tmp, "spared_old", spared, [])
        pairs = [(sp_old, variant(tmp, "spared_upto", spared, [("m3 up to £1m", "m3 up to £1,500,000")])),
                 (sp_old, variant(tmp, "spared_kind", spared, [('"Manager 1" is manager', '"Manager 1" is executive')])),
                 (sp_old, variant(tmp, "spared_hire", spared, [("m5 up to £50k", "m5 up to £80k")])),
                 # a holder added: after the others, of a kind no rule
                 # asks to sign (both matters spared); before them, of the
                 # kind they ask (it signs now: both evaluated, changed)
                 (sp_old, variant(tmp, "spared_added", spared, [("body board", 'role x "New" is executive\nbody board')])),
                 (sp_old, variant(tmp, "spared_first", spared, [("role m0 ", 'role x "New" is manager\nrole m0 ')])),
                 (os.path.join(tmp, "icb.remit"), raised), (os.path.join(tmp, "icb.remit"), role)]
        for old_p, new_p in pairs:
            for fmt in ("text", "json"):
                got = [subprocess.run([remit, "diff", "--format", fmt, old_p, new_p], capture_output=True, timeout=300,
                                      env=dict(os.environ, REMIT_DIFF_EVERY=every)) for every in ("0", "1")]
                say(got[0].returncode == got[1].returncode == 1 and got[0].stdout == got[1].stdout,
                    "%s against %s, --format %s: the same with every decision evaluated (REMIT_DIFF_EVERY=1)"
                    % (os.path.basename(new_p), os.path.basename(old_p), fmt))

        rc, out, _ = run([remit, "diff", "--format", "json", sp_old, os.path.join(tmp, "spared_first.remit")])
        df = json.loads(out)
        said = sorted({(x["matter"], x["decider"]) for x in df["regions"]})
        say(rc == 1 and ("hire", "ceo") in said,
            "a manager added before the others signs now where one is required: the hire decisions it signs are "
            "changed (%s)" % said)

        # a role's kind changed is a change of structure, even when no
        # decision compared changes with it (m9 holds nothing, signs nothing)
        rc, out, _ = run([remit, "diff", "--format", "json", sp_old,
                          variant(tmp, "kind_only", spared, [('"Manager 9" is manager', '"Manager 9" is executive')])])
        dk = json.loads(out)
        say(rc == 1 and dv.is_valid(dk) and not dk["regions"] and
            [(x["kind"], x["message"]) for x in dk["structural"]] ==
            [("holder_changed", "the kinds of the role Manager 9 (m9) were manager and are now executive")],
            "a role's kind changed (manager to executive), no decision changed: one change of structure, exit 1 "
            "(exit %d, %s)" % (rc, [x["message"] for x in dk["structural"]]))

        # what sets findings (7.12: deadlines missed) changed: the decisions
        # compared carry no history or interests, so find none; each change
        # is one of structure, said even when no decision changes with it
        nt_path = os.path.join(ROOT, "examples/neighbourhood-team.remit")
        with open(nt_path, encoding="utf-8") as f:
            nt = f.read()
        with open(os.path.join(ROOT, "tests/eval/policies/meetings.remit"), encoding="utf-8") as f:
            mt = f.read()
        mt_old = variant(tmp, "meetings", mt, [])
        surge = ('policy "Surge"\nrole ceo "Chief"\nbody board "Board" {\n    members ceo\n}\n'
                 'context {\n    incident: number\n}\nconst lvl = 3\nmatter buy "Purchase" {\n    amount: money\n}\n'
                 'delegate buy from board to ceo up to £1m\nprotocol surge "Surge" {\n    active when incident >= lvl\n'
                 '    grant buy to ceo up to £2m\n    ratify by board within 7 days\n}\n')
        for old_p, new_p, kind, words in (
                (nt_path, variant(tmp, "declare", nt, [("declare within 28 days", "declare within 14 days")]),
                 "conflicts_changed", "declared within 14 days, was 28 days"),
                (nt_path, variant(tmp, "ratify", nt, [("ratify by place_board within 14 days",
                                                       "ratify by place_board within 21 days")]),
                 "protocol_changed", "within 21 days, was by place_board within 14 days"),
                (mt_old, variant(tmp, "urgent", mt, [("    report to audit at next meeting\n", "")]),
                 "urgent_changed", "the urgent powers of the matter spend changed"),
                (variant(tmp, "surge_old", surge, []), variant(tmp, "surge_new", surge, [("lvl = 3", "lvl = 4")]),
                 "protocol_changed", "active when incident >= lvl, with another value of a constant it names")):
            rc, out, _ = run([remit, "diff", "--format", "json", old_p, new_p])
            dw = json.loads(out)
            got = [(x["kind"], x["message"]) for x in dw["structural"]]
            say(rc == 1 and dv.is_valid(dw) and len(got) == 1 and got[0][0] == kind and words in got[0][1],
                "what sets findings changed (%s): one change of structure, %s, exit 1 (exit %d, %s)"
                % (os.path.basename(new_p), kind, rc, got))

        # a quorum raised: the meetings with a member away that are no
        # longer quorate are said, each a change of structure
        board = ('policy "Meetings"\nkind executive "Executive"\nkind independent "Independent"\n'
                 'role ceo "Chief" is executive\nrole cfo "Director of Finance" is executive\n'
                 'role ned "Non-executive" is independent\n'
                 'body board "Board" {\n    members ceo, cfo, 2 ned\n    quorum 3 and 1 independent\n}\n'
                 'matter buy "Purchase" {\n    amount: money\n}\nreserve buy to board when amount > £1m\n'
                 'delegate buy from board to ceo up to £1m\n')
        q_old = variant(tmp, "quorum_old", board, [])
        for new_q, want in (("quorum 4", ["ceo", "cfo", "ned"]), ("quorum 3 and 1 executive", []),
                            ("quorum 2", [])):
            rc, out, _ = run([remit, "diff", "--format", "json", q_old,
                              variant(tmp, "quorum_new", board, [("quorum 3 and 1 independent", new_q)])])
            dq = json.loads(out)
            got = [x["message"] for x in dq["structural"] if x["kind"] == "meeting_changed"]
            one = [m for m in got if re.search(r"with one [^,]* away", m)]
            say(rc == 1 and dv.is_valid(dq) and len(one) == len(want) and
                all("(%s) away was quorate and is not quorate now" % r in m for m, r in zip(one, want)),
                "the Board's quorum '%s': %d meetings with a member away said as no longer quorate (%s)"
                % (new_q, len(want), one))
            # two or more away: by how many seats of each kind are empty
            # (ceo and cfo alike to every quorum term; ned counted apart)
            more = [m for m in got if m not in one]
            two = ["a meeting of Board (board) with %s away was not quorate and is quorate now" % w
                   for w in ("one Chief (ceo), one Director of Finance (cfo)", "one Chief (ceo), one Non-executive (ned)",
                             "2 Non-executive (ned)")]
            say(more == (two if new_q == "quorum 2" else []),
                "the Board's quorum '%s': the meetings with two or more away said where they change (%s)" % (new_q, more))

        # who may chair: with the chief executive away, the chair would go
        # to the director of finance, who may now never preside
        chaired = board.replace("    quorum 3 and 1 independent\n", "    quorum 3\n    chaired by executive\n")
        rc, out, _ = run([remit, "diff", "--format", "json", variant(tmp, "chair_old", chaired, []),
                          variant(tmp, "chair_new", chaired, [("chaired by executive\n",
                                                                "chaired by executive\n    never chaired by cfo\n")])])
        dc = json.loads(out)
        got = [(x["kind"], x["message"]) for x in dc["structural"]]
        say(rc == 1 and dv.is_valid(dc) and got == [
            ("holder_changed", "who chairs the body Board (board) changed: 'nothing said', now 'never chaired by cfo'"),
            ("meeting_changed", "a meeting of Board (board) with one Chief (ceo) away was quorate and is quorate but "
                                "not rightly chaired now")],
            "never chaired by the director of finance: the chair's rule changed, and the meeting without the chief "
            "executive can no longer decide (%s)" % got)

        # every example against itself, and against its neighbour for speed
        for name in ("major-incident", "neighbourhood-team", "place-partnership", "provider-collaborative"):
            p = os.path.join(ROOT, "examples", name + ".remit")
            rc, out, _ = run([remit, "diff", p, p])
            say(rc == 0 and out.startswith("no change"), "examples/%s.remit against itself: no change" % name)
    finally:
        shutil.rmtree(tmp)
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
