"""Tests of the reference evaluator: the worked examples of SPEC section 7
and 12, transcribed by hand, and edge cases at thresholds.

Run: python3 -m unittest discover -s tools/reference/tests
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import exports  # noqa: E402
import remit_ref  # noqa: E402
from remit_ref import evaluate  # noqa: E402

TOUR = "tests/eval/policies/icb-tour.remit"
RIV = "riverside.remit"


def spend(amount, category="revenue", risk=3, supplier="Acme Health Ltd"):
    return {"amount": amount, "category": category, "risk": risk, "supplier": supplier}


def ref(file, line):
    return {"file": file, "line": line}


def kinds(res):
    return [r["kind"] for r in res["reasons"]]


def reason_lines(res):
    return [r.get("rule", {}).get("line") for r in res["reasons"]]


MEETING = [
    {"role": "chair", "present": True},
    {"role": "ned", "person": "A. Khan", "present": True},
    {"role": "ned", "person": "B. Osei", "present": True},
    {"role": "ceo", "present": True},
    {"role": "cfo", "present": True},
    {"role": "nursing_director", "present": True},
    {"role": "medical_director", "present": False},
    {"role": "partner_member", "person": "P. One", "present": True},
    {"role": "partner_member", "person": "P. Two", "present": False},
    {"role": "partner_member", "person": "P. Three", "present": False},
]

P_ONE = {"who": {"person": "P. One", "role": "partner_member"}, "kind": "financial",
         "in": "Acme Health Ltd", "acquired": "2026-03-01", "declared": "2026-03-10"}


def board_meeting(attendance=None, interests=None):
    return {"matter": "spend", "decider": "board", "date": "2026-11-20",
            "fields": spend("£6m", "capital"), "context": {"incident_level": 0},
            "co_signatories": ["cfo", "ceo"],
            "attendance": MEETING if attendance is None else attendance,
            "interests": [P_ONE] if interests is None else interests}


def cfo_decision(**kw):
    d = {"matter": "spend", "decider": "cfo", "date": "2026-11-20",
         "fields": spend("£200,000"), "context": {"incident_level": 0}}
    d.update(kw)
    return d


class Meetings(unittest.TestCase):
    """SPEC 7.10's examples under tests/eval/policies/icb-tour.remit."""

    def setUp(self):
        self.pol = exports.icb_tour()

    def test_board_meeting_quorate(self):
        res = evaluate(self.pol, board_meeting())
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["chain"], [{"holder": "board"}])
        self.assertEqual(res["accountable"], "board")
        self.assertEqual(res["obligations"], [])
        self.assertEqual(res["reasons"], [{"kind": "reserved", "rule": ref(TOUR, 57)}])
        self.assertNotIn("findings", res)

    def test_quorum_lost_to_conflicts(self):
        att = [dict(a) for a in MEETING]
        att[5]["present"] = False  # the Director of Nursing is absent
        res = evaluate(self.pol, board_meeting(att))
        # 7.10 item 3: the £6m is reserved to the board, the deciding body
        # itself, so the audit committee may not take it: refused, with the
        # reservation named (tests/eval/refused-quorum-lost-reserved.yaml on
        # main; SPEC 7.10's worked example on this branch still says escalate)
        self.assertEqual(res["outcome"], "refused")
        self.assertEqual(res["reasons"], [{"kind": "quorum_lost_to_conflicts"},
                                          {"kind": "reserved", "rule": ref(TOUR, 57)}])

    def test_not_quorate(self):
        present = {"chair", "A. Khan", "ceo", "cfo"}
        att = [dict(a, present=(a.get("person", a["role"]) in present)) for a in MEETING]
        res = evaluate(self.pol, board_meeting(att, []))
        self.assertEqual(res["outcome"], "refused")
        self.assertEqual(kinds(res), ["not_quorate"])

    def test_majority_threshold(self):
        # 5 of 10 present is not a majority (10 > 10 fails); 6 of 10 is
        att = [dict(a) for a in MEETING]
        att[5]["present"] = False
        att[7]["present"] = False
        self.assertEqual(kinds(evaluate(self.pol, board_meeting(att, []))), ["not_quorate"])
        att[7]["present"] = True
        self.assertEqual(evaluate(self.pol, board_meeting(att, []))["outcome"], "permitted")

    def test_refusal_beats_referral(self):
        pol = exports.icb_tour()
        refuse = exports.rule("refuse", "spend", TOUR, 200, "refuse spend when risk = 3",
                              when=exports.cmp("=", exports.field("risk", "score"), exports.num(3)))
        pol = exports.policy(pol["holders"], pol["matters"],
                             [dict(r) for r in pol["rules"]] + [refuse], tiers=pol["tiers"],
                             kinds=[k["name"] for k in pol["kinds"]], context=pol["context"],
                             protocols=pol["protocols"], conflicts=pol["conflicts"])
        att = [dict(a) for a in MEETING]
        att[5]["present"] = False
        res = evaluate(pol, board_meeting(att))
        self.assertEqual(res["outcome"], "refused")
        self.assertEqual(kinds(res), ["refuse_rule", "quorum_lost_to_conflicts"])

    def test_conflicted_decider(self):
        res = evaluate(self.pol, cfo_decision(body="board", interests=[
            {"who": "cfo", "kind": "financial", "in": "Acme Health Ltd",
             "acquired": "2026-01-10", "declared": "2026-01-20"}]))
        # 7.10: the decider stands aside; the decision goes where it would
        # for a decider without authority (tests/eval/escalate-conflicted-decider.yaml)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "ceo"))
        # the rule named is the category's interest line (11.9)
        self.assertEqual(res["reasons"], [{"kind": "conflicted_decider", "rule": ref(TOUR, 94)}])

    def test_interest_not_in_subject_has_no_effect(self):
        res = evaluate(self.pol, cfo_decision(body="board", interests=[
            {"who": "cfo", "kind": "financial", "in": "Northfield Supplies"}]))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(len(res["obligations"]), 1)

    def test_late_declaration_chair_allows(self):
        res = evaluate(self.pol, cfo_decision(body="board", interests=[
            {"who": "cfo", "kind": "indirect", "in": "Acme Health Ltd",
             "acquired": "2026-10-01", "ruling": "allow"}]))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["chain"], [
            {"holder": "board"}, {"holder": "ceo", "rule": ref(TOUR, 60)},
            {"holder": "cfo", "rule": ref(TOUR, 64)}])
        self.assertEqual(res["obligations"], [
            {"due": "2026-11-20", "file": "the decision's interests", "line": 0},
            {"due": "2026-12-20", "file": TOUR, "line": 61}])
        self.assertEqual(res["findings"], [
            {"kind": "late_declaration", "due": "2026-10-29", "file": TOUR, "line": 96}])

    def test_declaration_due_day_is_not_late(self):
        # acquired 2026-10-23 + 28 days = 2026-11-20, the decision's date: not late
        res = evaluate(self.pol, cfo_decision(body="board", interests=[
            {"who": "cfo", "kind": "indirect", "in": "Acme Health Ltd",
             "acquired": "2026-10-23", "ruling": "allow"}]))
        self.assertNotIn("findings", res)
        res = evaluate(self.pol, cfo_decision(body="board", interests=[
            {"who": "cfo", "kind": "indirect", "in": "Acme Health Ltd",
             "acquired": "2026-10-22", "ruling": "allow"}]))
        self.assertEqual(res["findings"][0]["due"], "2026-11-19")

    def test_chair_ruling_missing_is_input_error(self):
        res = evaluate(self.pol, cfo_decision(body="board", interests=[
            {"who": "cfo", "kind": "indirect", "in": "Acme Health Ltd", "acquired": "2026-10-01"}]))
        self.assertIn("error", res)

    def test_interest_of_someone_not_taking_part(self):
        res = evaluate(self.pol, cfo_decision(body="board", interests=[
            {"who": "ceo", "kind": "indirect", "in": "Acme Health Ltd",
             "acquired": "2026-10-01", "ruling": "allow"}]))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(len(res["obligations"]), 1)
        self.assertNotIn("findings", res)

    def test_category_unknown_without_body(self):
        res = evaluate(self.pol, cfo_decision(interests=[
            {"who": "cfo", "kind": "financial", "in": "Acme Health Ltd"}]))
        self.assertIn("error", res)


REGISTER = {"people": [
    {"name": "A. Khan", "roles": ["ned"]},
    {"name": "P. One", "roles": ["partner_member"],
     "interests": [{"kind": "financial", "in": "Acme Health Ltd", "acquired": "2026-03-01"}]},
    {"name": "Dana Ortiz", "roles": ["cfo"],
     "interests": [{"kind": "indirect", "in": "Acme Health Ltd", "acquired": "2026-10-01"}]},
]}


class Registers(unittest.TestCase):
    def setUp(self):
        self.pol = exports.icb_tour()

    def meeting_people(self, restate=True):
        att = [{"role": "chair", "present": True},
               {"person": "A. Khan", "present": True},
               {"role": "ned", "person": "B. Osei", "present": True},
               {"role": "ceo", "present": True},
               {"person": "Dana Ortiz", "present": True},
               {"role": "nursing_director", "present": True},
               {"role": "medical_director", "present": False},
               {"person": "P. One", "present": True},
               {"role": "partner_member", "person": "P. Two", "present": False},
               {"role": "partner_member", "person": "P. Three", "present": False}]
        ints = [{"who": {"person": "Dana Ortiz"}, "kind": "indirect", "in": "Acme Health Ltd",
                 "acquired": "2026-10-01", "ruling": "allow"}] if restate else []
        return board_meeting(att, ints)

    def test_meeting_people(self):
        res = evaluate(self.pol, self.meeting_people(), None, REGISTER)
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["obligations"], [
            {"due": "2026-11-20", "file": "the decision's interests", "line": 0},
            {"due": "2026-11-20", "file": "the register", "line": 0}])
        self.assertEqual([f["due"] for f in res["findings"]], ["2026-10-29", "2026-03-29"])

    def test_meeting_people_without_ruling(self):
        self.assertIn("error", evaluate(self.pol, self.meeting_people(False), None, REGISTER))

    def test_decider_as_person(self):
        d = cfo_decision(decider={"person": "Dana Ortiz"}, body="board")
        reg = {"people": [{"name": "Dana Ortiz", "roles": ["cfo"], "interests": [
            {"kind": "financial", "in": "Acme Health Ltd", "acquired": "2026-02-01",
             "declared": "2026-02-10"}]}]}
        res = evaluate(self.pol, d, None, reg)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "ceo"))
        self.assertEqual(res["decider"], "cfo")
        self.assertEqual(kinds(res), ["conflicted_decider"])
        d["fields"]["supplier"] = "Northfield Supplies"
        self.assertEqual(evaluate(self.pol, d, None, reg)["outcome"], "permitted")
        self.assertIn("error", evaluate(self.pol, d))  # no register: the decider needs a role

    def test_wrong_role(self):
        d = cfo_decision(decider={"person": "Dana Ortiz", "role": "ceo"})
        self.assertIn("error", evaluate(self.pol, d, None, REGISTER))


class Escalation(unittest.TestCase):
    def test_7_12_capital(self):
        res = evaluate(exports.icb_tour(), cfo_decision(fields=spend("£200,000", "capital")))
        self.assertEqual(res, {"outcome": "escalate", "matter": "spend", "decider": "cfo",
                               "escalate_to": "ceo",
                               "reasons": [{"kind": "outside_delegated_authority", "rule": ref(TOUR, 64)}]})

    def test_risk_escalates_to_board(self):
        res = evaluate(exports.icb_tour(), cfo_decision(fields=spend("£200,000", risk=15)))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "board"))
        self.assertEqual(res["reasons"], [{"kind": "escalation", "rule": ref(TOUR, 68)}])
        res = evaluate(exports.icb_tour(), cfo_decision(fields=spend("£200,000", risk=14)))
        self.assertEqual(res["outcome"], "permitted")

    def test_reserved(self):
        res = evaluate(exports.icb_tour(), cfo_decision(fields=spend("£5,000,000.01")))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "board"))
        self.assertEqual(kinds(res), ["reserved"])


RIV_HISTORY = [{"matter": "spend", "decider": "dof", "date": "2026-03-02",
                "fields": spend("£900,000", "contract", 8), "co_signatories": ["ceo"]}]


def riv(amount="£750,000", risk=12, co=("ceo",), **kw):
    d = {"matter": "spend", "decider": "dof", "date": "2026-11-20",
         "fields": spend(amount, "contract", risk), "co_signatories": list(co)}
    d.update(kw)
    return d


class WorkedExample(unittest.TestCase):
    """SPEC 12.3, and 7.6's cumulative limits."""

    def setUp(self):
        self.pol = exports.riverside()

    def test_permitted(self):
        res = evaluate(self.pol, riv(), RIV_HISTORY)
        self.assertEqual(res, {
            "outcome": "permitted", "matter": "spend", "decider": "dof",
            "chain": [{"holder": "board"}, {"holder": "ceo", "rule": ref(RIV, 33)},
                      {"holder": "dof", "rule": ref(RIV, 37)}],
            "accountable": "board",
            "obligations": [{"due": "2026-12-20", "file": RIV, "line": 34},
                            {"due": "2026-12-04", "file": RIV, "line": 39}],
            "reasons": []})

    def test_above_the_dof_delegation(self):
        res = evaluate(self.pol, riv("£1,050,000"), RIV_HISTORY)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "ceo"))
        self.assertEqual(res["reasons"], [{"kind": "outside_delegated_authority", "rule": ref(RIV, 37)}])

    def test_cumulative_limit(self):
        hist = [dict(RIV_HISTORY[0], fields=spend("£1,400,000", "contract", 8))]
        res = evaluate(self.pol, riv(), hist)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "ceo"))
        self.assertEqual(res["reasons"], [{"kind": "cumulative_limit", "rule": ref(RIV, 46)}])

    def test_cumulative_limit_threshold(self):
        at = [dict(RIV_HISTORY[0], fields=spend("£1,250,000", "contract", 8))]
        self.assertEqual(evaluate(self.pol, riv(), at)["outcome"], "permitted")  # exactly £2m
        over = [dict(RIV_HISTORY[0], fields=spend("£1,250,000.01", "contract", 8))]
        self.assertEqual(kinds(evaluate(self.pol, riv(), over)), ["cumulative_limit"])

    def test_cumulative_period(self):
        big = spend("£1,400,000", "contract", 8)
        for date, counts in (("2025-11-20", False), ("2025-11-21", True),
                             ("2026-11-20", True), ("2026-11-21", False)):
            h = [dict(RIV_HISTORY[0], date=date, fields=big)]
            res = evaluate(self.pol, riv(), h)
            self.assertEqual(res["outcome"], "escalate" if counts else "permitted", date)

    def test_cumulative_per_supplier(self):
        h = [dict(RIV_HISTORY[0], fields=spend("£1,400,000", "contract", 8, "ACME HEALTH LTD"))]
        self.assertEqual(evaluate(self.pol, riv(), h)["outcome"], "permitted")

    def test_no_cosignatory(self):
        res = evaluate(self.pol, riv(co=()), RIV_HISTORY)
        self.assertEqual(res["outcome"], "refused")
        self.assertEqual(res["reasons"], [{"kind": "signatures", "rule": ref(RIV, 44)}])

    def test_signatory_counts_once(self):
        res = evaluate(self.pol, riv(co=("dof", "dof")), RIV_HISTORY)
        self.assertEqual(kinds(res), ["signatures"])

    def test_risk(self):
        res = evaluate(self.pol, riv(risk=16), RIV_HISTORY)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "board"))
        self.assertEqual(res["reasons"], [{"kind": "escalation", "rule": ref(RIV, 41)}])

    def test_interest(self):
        res = evaluate(self.pol, riv(body="board", interests=[
            {"who": "dof", "kind": "financial", "in": "Acme Health Ltd", "acquired": "2026-09-01"}]),
            RIV_HISTORY)
        # SPEC 12: the Director of Finance stands aside; it goes to the Chief
        # Executive (exit code 3), with the late declaration found
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "ceo"))
        self.assertEqual(res["reasons"], [{"kind": "conflicted_decider", "rule": ref(RIV, 49)}])
        self.assertEqual(res["findings"], [
            {"kind": "late_declaration", "due": "2026-09-29", "file": RIV, "line": 50}])


def crisis(amount="£400,000", level=3, activated="2026-11-10", co=("ceo",), date="2026-11-20"):
    d = cfo_decision(fields=spend(amount, "capital"), context={"incident_level": level},
                     co_signatories=list(co), date=date)
    if activated:
        d["activated"] = {"major_incident": activated}
    return d


class Crisis(unittest.TestCase):
    """SPEC 7.9 under icb-tour.remit's major_incident protocol."""

    def setUp(self):
        self.pol = exports.icb_tour()

    def test_grant(self):
        res = evaluate(self.pol, crisis())
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["chain"], [{"protocol": "major_incident"},
                                        {"holder": "cfo", "rule": ref(TOUR, 87)}])
        self.assertEqual(res["accountable"], "board")
        self.assertEqual(res["obligations"], [{"due": "2026-11-27", "file": TOUR, "line": 89}])

    def test_grant_bounds(self):
        self.assertEqual(evaluate(self.pol, crisis("£500,000"))["outcome"], "permitted")
        # above £500k the cumulative limit for cfo (level 3) speaks first
        res = evaluate(self.pol, crisis("£500,000.01"))
        self.assertEqual((res["outcome"], kinds(res)), ("escalate", ["cumulative_limit"]))
        res = evaluate(self.pol, crisis("£200,000", co=()))
        self.assertEqual(res["reasons"], [{"kind": "outside_delegated_authority", "rule": ref(TOUR, 64)},
                                          {"kind": "co_signature_missing", "rule": ref(TOUR, 87)}])

    def test_expiry_threshold(self):
        # activated 2026-10-23: 28 days run to 2026-11-19, so 2026-11-20 is expired
        self.assertEqual(evaluate(self.pol, crisis(activated="2026-10-24"))["outcome"], "permitted")
        res = evaluate(self.pol, crisis(activated="2026-10-23"))
        # 7.9: expired powers leave the ordinary rules in force, and the
        # reasons end with crisis_powers_expired
        self.assertEqual(res["outcome"], "escalate")
        self.assertEqual(res["reasons"][-1], {"kind": "crisis_powers_expired", "rule": ref(TOUR, 87)})

    def test_activated_after_decision(self):
        res = evaluate(self.pol, crisis(activated="2026-11-21"))
        self.assertEqual(res["outcome"], "escalate")
        self.assertIn("crisis_powers_not_in_force", kinds(res))

    def test_activation_needed(self):
        self.assertIn("error", evaluate(self.pol, crisis(activated=None)))
        self.assertNotIn("error", evaluate(self.pol, crisis(level=2, activated=None)))

    def test_ratification_overdue(self):
        entry = {"matter": "spend", "decider": "cfo", "date": "2026-11-11", "under": "major_incident",
                 "fields": spend("£100,000", "capital"), "co_signatories": ["ceo"]}
        res = evaluate(self.pol, crisis(), [entry])
        self.assertEqual(res["findings"], [
            {"kind": "ratification_overdue", "due": "2026-11-18", "file": TOUR, "line": 89}])
        ok = dict(entry, ratified="2026-11-18")
        self.assertNotIn("findings", evaluate(self.pol, crisis(), [ok]))
        late = dict(entry, ratified="2026-11-21")  # ratified after the decision's date
        self.assertIn("findings", evaluate(self.pol, crisis(), [late]))
        due_today = dict(entry, date="2026-11-13")  # due 2026-11-20: not yet overdue
        self.assertNotIn("findings", evaluate(self.pol, crisis(), [due_today]))
        # an ordinary decision, not concerned by the protocol, carries no finding
        plain = cfo_decision()
        self.assertNotIn("findings", evaluate(self.pol, plain, [entry]))
        self.assertIn("findings", evaluate(self.pol, dict(plain, body="board"), [entry]))


def m_decision(decider, **fields):
    f = {"amount": "£1,000", "sort": "goods", "areas": [], "share": "0%", "level": "place",
         "span": "30 days", "due": "2026-11-01", "n": 0, "vendor": "A", "urgent": False}
    f.update(fields)
    return {"matter": "buy", "decider": decider, "date": "2026-11-20", "fields": f,
            "context": {"alert": False}}


class Spectrum(unittest.TestCase):
    """mix.remit and edge.remit: precedence, joint, transfer, advise, next tier."""

    def test_within_from_a_field(self):
        res = evaluate(exports.mix(), m_decision("mgr", span="2 weeks"))
        self.assertEqual(res["obligations"], [{"due": "2026-12-04", "file": "mix.remit", "line": 38}])

    def test_joint(self):
        self.assertIn("error", evaluate(exports.mix(), m_decision("lead")))  # needs opened
        res = evaluate(exports.mix(), dict(m_decision("lead"), opened="2026-11-15"))
        self.assertEqual(kinds(res), ["joint_decision"])
        d = dict(m_decision("lead"), co_signatories=["mgr"], opened="2026-11-10")
        self.assertEqual(evaluate(exports.mix(), d)["outcome"], "permitted")

    def test_transfer_accountable(self):
        res = evaluate(exports.mix(), m_decision("mgr", sort="services", areas=["south"]))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["accountable"], "place_board")

    def test_advise(self):
        res = evaluate(exports.mix(), m_decision("clerk"))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "dir"))
        self.assertEqual(kinds(res), ["advice_only"])
        res = evaluate(exports.mix(), m_decision("dir"))
        self.assertEqual(res["obligations"], [{"file": "mix.remit", "line": 43}])

    def test_next_tier_and_precedence(self):
        pol = exports.edge()
        d = {"matter": "m", "decider": "lone", "date": "2026-05-01",
             "fields": {"x": 60, "s": "x", "who": "q"}}
        res = evaluate(pol, d)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "mid1"))
        # a cycle: e1 over e2 and e2 over e1, both apply: both are set aside
        d["fields"]["x"] = 50
        self.assertEqual(evaluate(pol, d)["outcome"], "escalate")
        self.assertEqual(kinds(evaluate(pol, d)), ["no_authority"])
        # r2 over e1 over lm: x = 170 -> e4 applies and sets r1 aside
        d["fields"]["x"] = 170
        d["decider"] = "mid1"
        res = evaluate(pol, d)
        self.assertEqual(res["outcome"], "permitted")


def lim(decider, n=0, co=(), **kw):
    d = {"matter": "m", "decider": decider, "date": "2026-11-20", "opened": "2026-11-20",
         "fields": {"n": n, "g": [], "lv": "t3", "d": "2026-10-01", "note": "y"},
         "co_signatories": list(co)}
    d.update(kw)
    return d


class FixedLimits(unittest.TestCase):
    """limits.remit: SPEC 7.14 and 7.2."""

    def setUp(self):
        self.pol = exports.limits()

    def test_chain_of_16_links(self):
        res = evaluate(self.pol, lim("r15"))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(len(res["chain"]), 17)

    def test_32_reasons_and_obligations(self):
        res = evaluate(self.pol, lim("r1", 7))
        self.assertEqual((res["outcome"], len(res["reasons"])), ("refused", 32))
        self.assertEqual(res["reasons"][-1]["rule"]["line"], 83)
        res = evaluate(self.pol, lim("r1", 8))
        self.assertEqual(len(res["obligations"]), 32)
        self.assertEqual(res["obligations"][-1], {"due": "2026-12-22", "file": "limits.remit", "line": 119})

    def test_alternatives_cut_at_256(self):
        # (r1 or r2 or k) six times: 729 alternatives, of which the first 256
        # are kept; all-kind alternatives come last and are dropped
        six = ["r3", "r4", "r5", "r6", "r7"]
        self.assertEqual(kinds(evaluate(self.pol, lim("r8", 9, six))), ["signatures"])
        once = ["r3", "r3", "r4", "r5", "r6"]  # r3 counts once: five signatories
        self.assertEqual(kinds(evaluate(self.pol, lim("r1", 9, once))), ["signatures"])
        many = ["r1", "r1", "r3", "r4", "r5"]  # r1 sits on mid as 0+ r1: counts each time
        self.assertEqual(evaluate(self.pol, lim("r1", 9, many))["outcome"], "permitted")
        self.assertEqual(evaluate(self.pol, lim("r1", 9, ["r1", "r2", "r3", "r4", "r5"]))["outcome"],
                         "permitted")

    def test_saturation(self):
        # n + big saturates at 2^63 - 1, which is not above big
        self.assertEqual(evaluate(self.pol, lim("r1", 10))["outcome"], "permitted")

    def test_escalate_after(self):
        d = lim("r1", 0, opened="2026-11-15")
        d["fields"]["g"] = ["b"]
        d["fields"]["lv"] = "t2"
        self.assertEqual(evaluate(self.pol, d)["outcome"], "permitted")  # open 5 days: not more than 5
        d["opened"] = "2026-11-14"
        res = evaluate(self.pol, d)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "mid"))
        d["fields"]["g"] = ["a", "b"]
        self.assertEqual(evaluate(self.pol, d)["outcome"], "permitted")
        del d["opened"]
        d["fields"]["g"] = []
        self.assertIn("error", evaluate(self.pol, d))


class Readings(unittest.TestCase):
    """Spots where the SPEC leaves a choice open (README, "SPEC ambiguities")."""

    def small(self, rules, precedence=(), holders=None):
        holders = holders or [exports.role("x", "X"), exports.role("y", "Y"), exports.role("z", "Z"),
                              exports.body("top", "Top"), exports.body("b2", "B2", reports_to=["top"]),
                              exports.body("b3", "B3", reports_to=["b2"])]
        return exports.policy(holders, [{"name": "m", "title": "M",
                                         "fields": [exports.fld("n", "number")]}], rules,
                              precedence=precedence)

    def dec(self, who, n=0):
        return {"matter": "m", "decider": who, "date": "2026-01-01", "fields": {"n": n}}

    def test_candidate_judged_as_if_it_decided(self):
        # z has no authority; x would be found first by the fallback (declared
        # first, same chain length as y), but an escalation `from x` sets the
        # delegation to x aside when x decides: so y is where it goes.
        e = exports
        rules = [e.rule("delegate", "m", "t", 1, to="x", **{"from": "top"}),
                 e.rule("delegate", "m", "t", 2, to="y", **{"from": "top"}),
                 e.rule("escalate", "m", "t", 3, to="top", **{"from": "x"})]
        pol = self.small(rules, [{"file": "t", "line": 4, "rules": [2, 0]}])
        res = evaluate(pol, self.dec("z"))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "y"))
        pol = self.small(rules)
        self.assertEqual(evaluate(pol, self.dec("z"))["escalate_to"], "x")

    def test_at_or_above_mixes_paths(self):
        # 7.4: x delegated to b2, which b3 reports to: x is at or above b3
        # through a delegation and a reporting line, so the escalation to b3
        # is passed over
        e = exports
        rules = [e.rule("delegate", "m", "t", 1, to="x", **{"from": "top", "may_subdelegate": True}),
                 e.rule("delegate", "m", "t", 2, to="b2", **{"from": "x"}),
                 e.rule("escalate", "m", "t", 3, to="b3", when=e.cmp("=", e.field("n", "number"), e.num(1)))]
        res = evaluate(self.small(rules), self.dec("x", 1))
        self.assertEqual(res["outcome"], "permitted")
        # and the other way round: b3 reports to b2, and x delegated the
        # matter to b2, so a reporting line then a delegation lead up to x
        pol = remit_ref.Policy(self.small([rules[0], rules[1]]))
        ev = remit_ref.Evaluation(pol, remit_ref.read_decision(pol, self.dec("x"), None), [], None)
        self.assertTrue(ev.at_or_above("x", "b3"))    # b3 -> b2 (line), b2 -> x (delegation)
        self.assertTrue(ev.at_or_above("top", "b3"))
        self.assertFalse(ev.at_or_above("b3", "x"))
        self.assertFalse(ev.at_or_above("y", "b3"))

    def test_walk_takes_the_lowest_one_step_up(self):
        # x sits on top (a start) and y delegated to it: y is below top
        e = exports
        holders = [e.role("x", "X"), e.role("y", "Y"), e.body("top", "Top", members=[e.member("x")])]
        rules = [e.rule("delegate", "m", "t", 1, to="y", **{"from": "top", "may_subdelegate": True}),
                 e.rule("delegate", "m", "t", 2, to="x", when=e.cmp("=", e.field("n", "number"), e.num(1)),
                        **{"from": "y"})]
        pol = self.small(rules, holders=holders)
        res = evaluate(pol, self.dec("x", 0))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "y"))
        # without the delegation to y, x goes to the body it sits on
        res = evaluate(self.small([rules[1]], holders=holders), self.dec("x", 0))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "top"))

    def test_one_reserved_reason(self):
        e = exports
        rules = [e.rule("reserve", "m", "t", 1, to="top"), e.rule("reserve", "m", "t", 2, to="top")]
        res = evaluate(self.small(rules), self.dec("x"))
        self.assertEqual(res["reasons"], [{"kind": "reserved", "rule": ref("t", 1)}])


class Dense(unittest.TestCase):
    """tests/eval/escalate-dense-delegations.yaml: the searches are bounded."""

    def test_dense(self):
        d = {"matter": "spend", "decider": "r11", "date": "2026-11-20", "fields": {"amount": "£5"}}
        res = evaluate(exports.dense(), d)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "board"))
        self.assertEqual(res["reasons"], [{"kind": "outside_delegated_authority",
                                           "rule": ref("tests/eval/policies/dense.remit", 21)}])
        d["fields"]["amount"] = "£1"
        res = evaluate(exports.dense(), d)
        self.assertEqual([c["holder"] for c in res["chain"]], ["board", "r0", "r11"])


class NeighbourhoodTeam(unittest.TestCase):
    """examples/neighbourhood-team.remit, and the finding quoted in SPEC 7.9."""

    NT = "examples/neighbourhood-team.remit"

    def spend(self, **kw):
        d = {"matter": "neighbourhood_spend", "decider": "int_lead", "date": "2026-11-20",
             "opened": "2026-11-18",
             "fields": {"amount": "£20,000", "category": "equipment", "risk": 3, "impact": "neighbourhood",
                        "supplier": "Acme"},
             "context": {"opel_level": 2, "surge_declared": False}}
        d.update(kw)
        return d

    def test_permitted(self):
        res = evaluate(exports.neighbourhood_team(), self.spend())
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual([c["holder"] for c in res["chain"]], ["place_board", "int", "int_lead"])
        self.assertEqual([(o.get("due"), o["line"]) for o in res["obligations"]],
                         [("2026-12-20", 136), ("2026-12-18", 148),
                          ("2026-11-27", 248), ("2026-12-18", 249)])

    def test_ratification_overdue(self):
        entry = {"matter": "neighbourhood_spend", "decider": "int_lead", "date": "2026-11-03",
                 "under": "local_surge", "co_signatories": ["pcn_clinical_director"],
                 "fields": {"amount": "£30,000", "category": "staffing", "risk": 3, "impact": "neighbourhood",
                            "supplier": "Acme"}}
        d = self.spend(context={"opel_level": 3, "surge_declared": False}, activated={"local_surge": "2026-11-01"})
        res = evaluate(exports.neighbourhood_team(), d, [entry])
        self.assertEqual(res["findings"], [{"kind": "ratification_overdue", "due": "2026-11-17",
                                            "file": self.NT, "line": 279}])
        # not concerned: the protocol's `active when` does not hold and the
        # decision is neither the ratifying body's nor taken in it
        self.assertNotIn("findings", evaluate(exports.neighbourhood_team(), self.spend(), [entry]))

    def test_next_tier(self):
        # int has a quorum: it decides at a meeting, with its attendance (R0727)
        d = self.spend(decider="int", fields=dict(self.spend()["fields"], impact="place"))
        self.assertIn("error", evaluate(exports.neighbourhood_team(), d))
        d["attendance"] = [{"role": r, "present": True} for r in (
            "int_lead", "pcn_clinical_director", "community_nursing_lead", "social_work_lead",
            "mental_health_lead", "pcn_pharmacist", "vcfse_rep", "resident_rep", "resident_rep")]
        res = evaluate(exports.neighbourhood_team(), d)
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "place_board"))
        self.assertEqual(res["reasons"], [{"kind": "escalation", "rule": ref(self.NT, 187)}])


class Literals(unittest.TestCase):
    def test_money(self):
        m = remit_ref.parse_money
        self.assertEqual(m("£750,000"), 75000000)
        self.assertEqual(m("£1.500"), 150)
        self.assertEqual(m("£0.001k"), 100)
        self.assertEqual(m("£1bn"), 100000000000)
        self.assertEqual(m("£1,000,000,000,000"), 10 ** 14)
        for bad in ("£1.005", "£10,00", "£1000,000", "£5mn", "£ 5", "£", "£1.", "750000",
                    "-£5", "£1,000,000,000,001", "£0.000001k"):
            with self.assertRaises(remit_ref.InputError, msg=bad):
                m(bad)

    def test_other_values(self):
        self.assertEqual(remit_ref.parse_percent("12.5%"), 1250)
        self.assertEqual(remit_ref.parse_percent("1000%"), 100000)
        self.assertEqual(remit_ref.parse_days("4 weeks"), 28)
        for bad in ("30", "30days", "30  days", "1 Day", "1 month"):
            with self.assertRaises(remit_ref.InputError):
                remit_ref.parse_days(bad)
        self.assertEqual(remit_ref.parse_date("1970-01-01"), 0)
        self.assertEqual(remit_ref.format_date(remit_ref.parse_date("2024-02-29")), "2024-02-29")
        for bad in ("2025-02-29", "1899-12-31", "2026-1-5"):
            with self.assertRaises(remit_ref.InputError):
                remit_ref.parse_date(bad)

    def test_saturation(self):
        self.assertEqual(remit_ref.sat(2 ** 63), 2 ** 63 - 1)
        e = exports.add(exports.const("number", 2 ** 63 - 1), exports.const("number", 5), "number")
        self.assertEqual(remit_ref.eval_expr(e, (None, {}, {})), 2 ** 63 - 1)


class CommandLine(unittest.TestCase):
    def test_batch(self):
        with tempfile.TemporaryDirectory() as tmp:
            pol = os.path.join(tmp, "p.json")
            with open(pol, "w", encoding="utf-8") as f:
                json.dump(exports.icb_tour(), f)
            batch = os.path.join(tmp, "b.jsonl")
            with open(batch, "w", encoding="utf-8") as f:
                f.write(json.dumps(cfo_decision(), ensure_ascii=False) + "\n\n   \n")
                f.write('{"matter": "spend"}\n')
            out = subprocess.run([sys.executable, os.path.join(os.path.dirname(HERE), "remit_ref.py"),
                                  pol, "--batch", batch], capture_output=True, text=True)
            lines = [json.loads(x) for x in out.stdout.splitlines()]
            self.assertEqual([x["line"] for x in lines], [1, 4])
            self.assertEqual(lines[0]["result"]["outcome"], "permitted")
            self.assertIn("error", lines[1])
            self.assertEqual(out.returncode, 6)


URG = "tests/eval/policies/urgent.remit"


def urgent_decision(decider="ceo", amount="£6,000,000", category="revenue", co=("chair",), **kw):
    d = {"matter": "spend", "decider": decider, "date": "2026-11-20",
         "fields": {"amount": amount, "category": category}, "co_signatories": list(co), "urgent": True}
    d.update(kw)
    return d


class UrgentDecisions(unittest.TestCase):
    """SPEC 7.15, by hand, as tests/eval/urgent-*.yaml."""

    def setUp(self):
        self.pol = exports.urgent()

    def test_reserved_taken_for_the_board(self):
        res = evaluate(self.pol, urgent_decision())
        self.assertEqual(res, {
            "outcome": "permitted", "matter": "spend", "decider": "ceo",
            "chain": [{"holder": "board"}, {"holder": "ceo", "rule": ref(URG, 36)}],
            "accountable": "board",
            "obligations": [{"due": "2026-12-18", "file": URG, "line": 37},
                            {"due": "2026-12-04", "file": URG, "line": 38}],
            "reasons": [{"kind": "urgent_decision", "rule": ref(URG, 36), "other_rule": ref(URG, 27)}]})

    def test_not_said_urgent(self):
        for flag in ({"urgent": False}, {}):
            d = urgent_decision()
            del d["urgent"]
            d.update(flag)
            res = evaluate(self.pol, d)
            self.assertEqual((res["outcome"], res["escalate_to"], kinds(res)), ("escalate", "board", ["reserved"]))

    def test_bound_and_cosignature(self):
        self.assertEqual(evaluate(self.pol, urgent_decision(amount="£10,000,000"))["outcome"], "permitted")
        res = evaluate(self.pol, urgent_decision(amount="£10,000,000.01"))
        self.assertEqual(res["reasons"], [{"kind": "reserved", "rule": ref(URG, 27)},
                                          {"kind": "outside_delegated_authority", "rule": ref(URG, 36)}])
        res = evaluate(self.pol, urgent_decision(co=()))
        self.assertEqual(res["reasons"], [{"kind": "reserved", "rule": ref(URG, 27)},
                                          {"kind": "co_signature_missing", "rule": ref(URG, 36)}])

    def test_acting_for_the_board_passes_its_escalation(self):
        res = evaluate(self.pol, urgent_decision(amount="£2,000,000", category="capital"))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["reasons"], [{"kind": "urgent_decision", "rule": ref(URG, 36)}])
        # within its own authority the decider is not acting for the board
        res = evaluate(self.pol, urgent_decision(amount="£500,000", category="capital"))
        self.assertEqual((res["outcome"], kinds(res)), ("escalate", ["escalation"]))

    def test_committee_chain(self):
        res = evaluate(self.pol, urgent_decision("cfo", "£2,000,000", co=()))
        self.assertEqual(res["chain"], [{"holder": "board"}, {"holder": "finance", "rule": ref(URG, 30)},
                                        {"holder": "cfo", "rule": ref(URG, 39)}])
        self.assertEqual(res["accountable"], "board")
        res = evaluate(self.pol, urgent_decision("cfo", "£4,000,000", co=()))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "board"))
        self.assertEqual(res["reasons"], [{"kind": "outside_delegated_authority", "rule": ref(URG, 30)}])

    def test_refusal_and_other_body(self):
        self.assertEqual(evaluate(self.pol, urgent_decision("cfo", "£9,000,000", co=()))["outcome"], "refused")
        res = evaluate(self.pol, urgent_decision("cfo", "£6,000,000", co=()))
        self.assertEqual((res["outcome"], kinds(res)), ("escalate", ["reserved"]))


if __name__ == "__main__":
    unittest.main()


class CrisisChanges(unittest.TestCase):
    """7.3.2: a grant applies for precedence only while in force; 7.9/7.11:
    expired powers evaluate as if the protocol were not there."""

    def test_grant_precedence_only_in_force(self):
        pol = exports.crisis_precedence()
        d = {"matter": "spend", "decider": "ceo", "date": "2026-11-20", "fields": {"amount": "£750,000"},
             "context": {"incident_level": 0}, "activated": {"incident": "2026-11-19"}}
        res = evaluate(pol, d)
        self.assertEqual((res["outcome"], res.get("escalate_to")), ("escalate", "board"))
        self.assertEqual(res["reasons"], [{"kind": "reserved", "rule": ref("tests/eval/policies/crisis-precedence.remit", 14)}])
        res = evaluate(pol, dict(d, context={"incident_level": 3}))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["chain"][0], {"protocol": "incident"})
        # expired: not in force, so the reservation is not set aside
        res = evaluate(pol, dict(d, context={"incident_level": 3}, activated={"incident": "2026-10-01"}))
        self.assertEqual((res["outcome"], res.get("escalate_to")), ("escalate", "board"))
        self.assertEqual(kinds(res), ["reserved"])

    def test_precedence_across_matters(self):
        d = {"matter": "spend", "decider": "ceo", "date": "2026-11-20", "fields": {"amount": "£1"}}
        # two lines through b, of another matter: no effect, c stands
        res = evaluate(exports.precedence_across_matters([[0, 1], [1, 2]]), d)
        self.assertEqual(res["outcome"], "permitted")
        # one line: b is passed over, so a is over c and sets it aside
        res = evaluate(exports.precedence_across_matters([[0, 1, 2]]), d)
        self.assertNotEqual(res["outcome"], "permitted")
        self.assertIn("set_aside_by_precedence", kinds(res))

    def test_reports_of_urgent_decisions(self):
        # 7.15: `report to audit within 14 days` of the chair's action:
        # overdue on a decision of the audit committee until reported
        pol = exports.urgent()
        entry = urgent_decision(date="2026-11-01")
        audit = {"matter": "spend", "decider": "audit", "date": "2026-11-20",
                 "fields": {"amount": "£1", "category": "revenue"}}
        found = lambda e, d=audit: [(f["kind"], f["due"]) for f in evaluate(pol, d, [e]).get("findings", [])]
        self.assertEqual(found(entry), [("report_overdue", "2026-11-15")])
        self.assertEqual(found(dict(entry, reported={"audit": "2026-11-20"})), [])
        self.assertEqual(found(dict(entry, reported={"audit": "2026-11-21"})), [("report_overdue", "2026-11-15")])
        self.assertEqual(found(dict(entry, reported={"board": "2026-11-02"})), [("report_overdue", "2026-11-15")])
        # a decision for the board is told of the ratification, not of the
        # report to audit
        board = dict(audit, decider="ceo", body="board")
        self.assertEqual(found(entry, board), [])
        self.assertEqual(found(entry, dict(board, date="2026-12-01")), [("ratification_overdue", "2026-11-29")])
        # reported: only on an urgent entry, to a body, not before its date
        for bad in ({"reported": {"audit": "2026-11-02"}, "urgent": False},
                    {"reported": {"ceo": "2026-11-02"}}, {"reported": {"audit": "2026-10-31"}},
                    {"reported": ["audit"]}):
            self.assertIn("error", evaluate(pol, audit, [dict(entry, **bad)]), bad)
        self.assertIn("error", evaluate(pol, dict(audit, reported={"audit": "2026-11-20"})))

    def expired(self, pol, amount):
        return evaluate(pol, {"matter": "spend", "decider": "cfo", "date": "2026-11-20",
                              "fields": {"amount": amount}, "context": {"incident_level": 3},
                              "activated": {"incident": "2026-10-01"}})

    def test_expired_goes_where_it_would(self):
        res = self.expired(exports.expired(False), "£600,000")
        self.assertEqual((res["outcome"], res.get("escalate_to")), ("escalate", "board"))
        self.assertEqual(res["reasons"], [{"kind": "crisis_powers_expired", "rule": ref("expired.remit", 16)}])
        res = self.expired(exports.expired(True), "£600,000")
        self.assertEqual((res["outcome"], res.get("escalate_to")), ("escalate", "board"))
        self.assertEqual(kinds(res), ["outside_delegated_authority", "crisis_powers_expired"])

    def test_expired_grant_failing_a_bound_gives_no_reason(self):
        res = self.expired(exports.expired(False), "£2m")
        self.assertEqual((res["outcome"], kinds(res)), ("escalate", ["no_authority"]))
        res = self.expired(exports.expired(True), "£2m")
        self.assertEqual(kinds(res), ["outside_delegated_authority"])


class OwnLines(unittest.TestCase):
    """7.4 "Who else can decide" under tests/eval/policies/own-lines.remit
    (tests/eval/escalate-own-line-*.yaml, escalate-lowest-holder.yaml)."""

    def setUp(self):
        self.pol = exports.own_lines()

    def go(self, who, amount, category="revenue"):
        res = evaluate(self.pol, {"matter": "spend", "decider": who, "date": "2026-11-20",
                                  "fields": {"amount": amount, "category": category}})
        return res["outcome"], res.get("escalate_to")

    def test_role_goes_to_the_body_it_sits_on(self):
        self.assertEqual(self.go("place_director", "£50,000"), ("escalate", "place_partnership"))
        self.assertEqual(self.go("council_member", "£50,000"), ("escalate", "place_partnership"))

    def test_delegator_when_the_body_cannot(self):
        self.assertEqual(self.go("place_director", "£500,000"), ("escalate", "cfo"))

    def test_last_resort(self):
        # programme_lead has no lines: the candidate with the longest chain,
        # then the lower tier
        self.assertEqual(self.go("programme_lead", "£50,000"), ("escalate", "place_partnership"))

    def test_body_goes_to_the_body_it_reports_to(self):
        self.assertEqual(self.go("place_partnership", "£500,000"), ("escalate", "board"))


ICB_REGISTER = {"people": [
    {"name": "Dana Ortiz", "roles": ["cfo"], "interests": [
        {"kind": "financial", "in": "Acme Health Ltd", "acquired": "2026-02-01", "declared": "2026-02-10"}]},
    {"name": "Sam Lee", "roles": ["ceo"]},
]}


class People(unittest.TestCase):
    """7.1: body names a body; subject adds; one person, one spelling;
    named by role, known to the register; 7.1.5's register."""

    def setUp(self):
        self.pol = exports.icb_tour()

    def test_body_must_be_a_body(self):
        self.assertIn("error", evaluate(self.pol, cfo_decision(body="ceo")))
        self.assertNotIn("error", evaluate(self.pol, cfo_decision(body="board")))

    def test_subject_adds_to_the_text_fields(self):
        d = cfo_decision(body="board", subject=["Winter resilience programme"], interests=[
            {"who": "cfo", "kind": "financial", "in": "Acme Health Ltd",
             "acquired": "2026-01-10", "declared": "2026-01-20"}])
        self.assertEqual(kinds(evaluate(self.pol, d))[0], "conflicted_decider")
        # an interest in an item of subject counts too
        d["interests"][0]["in"] = "Winter resilience programme"
        d["fields"]["supplier"] = "Northfield Supplies"
        self.assertEqual(kinds(evaluate(self.pol, d))[0], "conflicted_decider")

    def test_two_spellings_in_a_decision(self):
        d = cfo_decision(decider={"person": "Dana Ortiz", "role": "cfo"}, body="board", interests=[
            {"who": {"person": "dana  ortiz", "role": "cfo"}, "kind": "financial",
             "in": "Acme Health Ltd", "declared": "2026-01-20"}])
        self.assertIn("error", evaluate(self.pol, d))
        d["interests"][0]["who"]["person"] = "Dana Ortiz"
        self.assertNotIn("error", evaluate(self.pol, d))

    def test_two_spellings_against_the_register(self):
        for name in ("dana ortiz", "Dana Ortiz ", " Dana\tOrtiz"):
            d = cfo_decision(decider={"person": name, "role": "cfo"}, body="board")
            self.assertIn("error", evaluate(self.pol, d, None, ICB_REGISTER), name)
        d = cfo_decision(decider={"person": "Dana Ortíz", "role": "cfo"}, body="board")
        self.assertNotIn("error", evaluate(self.pol, d, None, ICB_REGISTER))  # not ASCII: another name

    def test_register_two_spellings(self):
        reg = {"people": [{"name": "Dana Ortiz", "roles": ["cfo"]}, {"name": "DANA ORTIZ", "roles": ["cfo"]}]}
        self.assertIn("error", evaluate(self.pol, cfo_decision(body="board"), None, reg))

    def test_register_unknown_key(self):
        reg = {"people": [{"name": "Dana Ortiz", "roles": ["cfo"]}], "version": 1}
        self.assertIn("error", evaluate(self.pol, cfo_decision(body="board"), None, reg))

    def test_decider_named_by_role(self):
        # tests/eval/escalate-conflicted-role-by-register.yaml
        res = evaluate(self.pol, cfo_decision(body="board"), None, ICB_REGISTER)
        self.assertEqual(kinds(res), ["conflicted_decider"])
        self.assertEqual(evaluate(self.pol, cfo_decision(body="board"))["outcome"], "permitted")

    def test_role_held_by_several(self):
        # tests/eval/bad-role-several-holders.yaml
        two = {"people": ICB_REGISTER["people"] + [{"name": "Lee Park", "roles": ["cfo"]}]}
        self.assertIn("error", evaluate(self.pol, cfo_decision(body="board"), None, two))
        named = cfo_decision(body="board", decider={"person": "Lee Park", "role": "cfo"})
        self.assertEqual(evaluate(self.pol, named, None, two)["outcome"], "permitted")
        # several holders, none with interests: the role alone serves
        plain = {"people": [{"name": "Dana Ortiz", "roles": ["cfo"]}, {"name": "Lee Park", "roles": ["cfo"]}]}
        self.assertEqual(evaluate(self.pol, cfo_decision(body="board"), None, plain)["outcome"], "permitted")


def cblock(for_=None, refer=None, cats=(("fin", ["declare", "exclude from vote"]), ("note", ["declare"]))):
    return {"for": for_, "file": "t", "line": 90,
            "categories": [{"name": n, "title": None, "actions": list(a)} for n, a in cats],
            "declare_within": None, "declare_file": None, "declare_line": None,
            "quorum_lost_refer_to": refer}


def mpolicy(holders, rules, conflicts=()):
    e = exports
    return e.policy(holders, [{"name": "m", "title": "M",
                               "fields": [e.fld("k", "number"), e.fld("s", "text")]}],
                    rules, conflicts=list(conflicts))


def k_is(n, op="="):
    return exports.cmp(op, exports.field("k", "number"), exports.num(n))


def mdec(who, k=0, **kw):
    d = {"matter": "m", "decider": who, "date": "2026-11-20", "fields": {"k": k, "s": "S"}}
    d.update(kw)
    return d


FIN_X = [{"who": "x", "kind": "fin", "in": "S", "declared": "2026-01-01"}]


class ConflictedDecider(unittest.TestCase):
    """7.10 "A conflicted decider": it stands aside, and evaluation goes on
    without its authority."""

    def pol(self, *extra, root=True):
        e = exports
        holders = [e.role("x", "X"), e.role("y", "Y")]
        if root:
            holders.append(e.body("top", "Top", members=[e.member("x"), e.member("y")]))
        rules = [e.rule("delegate", "m", "t", 1, to="y", **{"from": "top", "may_subdelegate": True}),
                 e.rule("delegate", "m", "t", 2, to="x", when=k_is(100, "<"), **{"from": "y"})]
        return mpolicy(holders, rules + list(extra), [cblock()])

    def test_goes_where_a_decider_without_authority_goes(self):
        res = evaluate(self.pol(), mdec("x", interests=FIN_X))
        self.assertEqual((res["outcome"], res["escalate_to"]), ("escalate", "y"))
        self.assertEqual(res["reasons"], [{"kind": "conflicted_decider"}])
        # no reasons about its own delegations
        res = evaluate(self.pol(), mdec("x", 200, interests=FIN_X))
        self.assertEqual(res["reasons"], [{"kind": "conflicted_decider"}])
        # an interest that does not exclude: permitted, with its declaration owed
        note = [{"who": "x", "kind": "note", "in": "S"}]
        res = evaluate(self.pol(), mdec("x", interests=note))
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["obligations"][0], {"due": "2026-11-20", "file": "the decision's interests", "line": 0})

    def test_refuse_rule_still_refuses(self):
        e = exports
        pol = self.pol(e.rule("refuse", "m", "t", 5, when=k_is(9)))
        res = evaluate(pol, mdec("x", 9, interests=FIN_X))
        self.assertEqual((res["outcome"], kinds(res)), ("refused", ["refuse_rule", "conflicted_decider"]))

    def test_reservations(self):
        e = exports
        pol = self.pol(e.rule("reserve", "m", "t", 5, to="top", when=k_is(5)),
                       e.rule("reserve", "m", "t", 6, to="x", when=k_is(6)))
        res = evaluate(pol, mdec("x", 5, interests=FIN_X))
        self.assertEqual((res["outcome"], res["escalate_to"], kinds(res)),
                         ("escalate", "top", ["conflicted_decider", "reserved"]))
        res = evaluate(pol, mdec("x", 6, interests=FIN_X))
        self.assertEqual((res["outcome"], kinds(res)), ("refused", ["conflicted_decider", "reserved"]))
        self.assertEqual(evaluate(pol, mdec("x", 6))["outcome"], "permitted")

    def test_refused_when_no_one_else_can(self):
        res = evaluate(self.pol(root=False), mdec("x", interests=FIN_X))
        self.assertEqual((res["outcome"], res["reasons"]), ("refused", [{"kind": "conflicted_decider"}]))
        self.assertEqual(evaluate(self.pol(root=False), mdec("x"))["outcome"], "undetermined")


class ConflictedCosignatory(unittest.TestCase):
    """7.10: co-signatories take part; one whose interest excludes them does
    not sign."""

    def pol(self):
        e = exports
        holders = [e.role("x", "X"), e.role("c", "C"), e.role("j", "J"),
                   e.body("top", "Top", members=[e.member("x")])]
        rules = [e.rule("delegate", "m", "t", 1, to="x", when=k_is(1), **{"from": "top", "with": e.slot("c")}),
                 e.rule("delegate", "m", "t", 2, to="j", **{"from": "top", "may_subdelegate": True}),
                 e.rule("delegate", "m", "t", 3, to="x", when=k_is(2), **{"from": "j", "as": "joint"}),
                 e.rule("require", "m", "t", 4, when=k_is(3), signers=e.slot("c")),
                 e.rule("delegate", "m", "t", 5, to="x", when=k_is(3), **{"from": "top"})]
        return mpolicy(holders, rules, [cblock()])

    def fin(self, who):
        return [{"who": who, "kind": "fin", "in": "S", "declared": "2026-01-01"}]

    def test_with(self):
        self.assertEqual(evaluate(self.pol(), mdec("x", 1, co_signatories=["c"]))["outcome"], "permitted")
        res = evaluate(self.pol(), mdec("x", 1, co_signatories=["c"], interests=self.fin("c")))
        self.assertEqual(res["outcome"], "escalate")
        self.assertEqual(res["reasons"][0], {"kind": "co_signature_missing", "rule": ref("t", 1)})
        # an interest not in the subjects has no effect
        res = evaluate(self.pol(), mdec("x", 1, co_signatories=["c"],
                                        interests=[dict(self.fin("c")[0], **{"in": "T"})]))
        self.assertEqual(res["outcome"], "permitted")

    def test_joint(self):
        self.assertEqual(evaluate(self.pol(), mdec("x", 2, co_signatories=["j"]))["outcome"], "permitted")
        res = evaluate(self.pol(), mdec("x", 2, co_signatories=["j"], interests=self.fin("j")))
        self.assertIn({"kind": "joint_decision", "rule": ref("t", 3)}, res["reasons"])

    def test_require(self):
        self.assertEqual(evaluate(self.pol(), mdec("x", 3, co_signatories=["c"]))["outcome"], "permitted")
        res = evaluate(self.pol(), mdec("x", 3, co_signatories=["c", "c"], interests=self.fin("c")))
        self.assertEqual((res["outcome"], kinds(res)), ("refused", ["signatures"]))

    def test_register(self):
        reg = {"people": [{"name": "Cy", "roles": ["c"], "interests": [{"kind": "fin", "in": "S"}]}]}
        res = evaluate(self.pol(), mdec("x", 3, co_signatories=["c"]), None, reg)
        self.assertEqual((res["outcome"], kinds(res)), ("refused", ["signatures"]))
        reg = {"people": [{"name": "Cy", "roles": ["c"], "interests": [{"kind": "note", "in": "S"}]}]}
        res = evaluate(self.pol(), mdec("x", 3, co_signatories=["c"]), None, reg)
        self.assertEqual(res["outcome"], "permitted")
        self.assertEqual(res["obligations"][0], {"due": "2026-11-20", "file": "the register", "line": 0})
        # an interest naming another person is not this co-signatory's
        other = [{"who": {"person": "Di", "role": "c"}, "kind": "fin", "in": "S", "declared": "2026-01-01"}]
        res = evaluate(self.pol(), mdec("x", 3, co_signatories=["c"], interests=other), None,
                       {"people": [{"name": "Cy", "roles": ["c"]}]})
        self.assertEqual(res["outcome"], "permitted")
        two = {"people": [{"name": "Cy", "roles": ["c"], "interests": [{"kind": "note", "in": "S"}]},
                          {"name": "Di", "roles": ["c"]}]}
        self.assertIn("error", evaluate(self.pol(), mdec("x", 3, co_signatories=["c"]), None, two))


class MeetingSeats(unittest.TestCase):
    """7.10 "A meeting": members are the body's seats from its members line."""

    def pol(self, quorum_term=None, refer_rules=(), r_reports_to=("top",), refer="r"):
        e = exports
        holders = [e.role("ch", "Chair"), e.role("n", "NED"),
                   e.body("top", "Top", members=[e.member("ch")]),
                   e.body("b", "B", reports_to=["top"], members=[e.member("ch"), e.member("n", 2, 3)],
                          quorum=e.quorum("quorum", "t", 9, quorum_term or e.q_majority())),
                   e.body("r", "R", reports_to=list(r_reports_to))]
        rules = [e.rule("delegate", "m", "t", 1, to="b", **{"from": "top"})] + list(refer_rules)
        return mpolicy(holders, rules, [cblock("b", refer)])

    def att(self, *names, absent=()):
        out = [{"role": "ch", "present": True}]
        for n in names:
            out.append({"role": "n", "person": n, "present": n not in absent})
        return out

    def test_seats_from_the_members_line(self):
        # ch + n (2..3): 3 seats with one n listed; 2 present of 3 is a majority
        self.assertEqual(evaluate(self.pol(), mdec("b", attendance=self.att("A")))["outcome"], "permitted")
        res = evaluate(self.pol(), mdec("b", attendance=self.att()))
        self.assertEqual((res["outcome"], kinds(res)), ("refused", ["not_quorate"]))
        # the register gives n to three people: 4 seats, 2 present is not a majority
        reg = {"people": [{"name": p, "roles": ["n"]} for p in ("A", "B", "C")]}
        res = evaluate(self.pol(), mdec("b", attendance=self.att("A")), None, reg)
        self.assertEqual(kinds(res), ["not_quorate"])
        res = evaluate(self.pol(), mdec("b", attendance=self.att("A", "B")), None, reg)
        self.assertEqual(res["outcome"], "permitted")

    def test_seats_as_at_the_date(self):
        # 7.1.5: roles held for a time count on the days they are held
        reg = {"people": [{"name": "A", "roles": ["n"]}, {"name": "D", "roles": ["n"]},
                          {"name": "B", "roles": [{"role": "n", "until": "2026-11-19"}]},
                          {"name": "C", "roles": [{"role": "n", "from": "2026-11-21"}]}]}
        on = lambda day: evaluate(self.pol(), mdec("b", attendance=self.att("A"), date=day), None, reg)
        self.assertEqual(kinds(on("2026-11-19")), ["not_quorate"])   # A, D, B: 4 seats, 2 present
        self.assertEqual(on("2026-11-20")["outcome"], "permitted")   # A, D: 3 seats
        self.assertEqual(kinds(on("2026-11-21")), ["not_quorate"])   # A, D, C
        # a member whose term has ended is not a member (R0729); two
        # holdings of one role for the same day are refused (R0737)
        res = evaluate(self.pol(), mdec("b", attendance=self.att("B"), date="2026-11-20"), None, reg)
        self.assertIn("error", res)
        twice = {"people": [{"name": "A", "roles": ["n", {"role": "n", "from": "2026-01-01"}]}]}
        self.assertIn("error", evaluate(self.pol(), mdec("b", attendance=self.att("A")), None, twice))
        terms = {"people": [{"name": "A", "roles": [{"role": "n", "until": "2025-12-31"},
                                                   {"role": "n", "from": "2026-01-01"}]}]}
        self.assertNotIn("error", evaluate(self.pol(), mdec("b", attendance=self.att("A")), None, terms))
        late = {"people": [{"name": "A", "roles": [{"role": "n", "from": "2026-05-01", "until": "2026-04-30"}]}]}
        self.assertIn("error", evaluate(self.pol(), mdec("b", attendance=self.att()), None, late))

    def test_member_present_named_by_role(self):
        # 7.1: the only entry of its role is the register's one holder of it
        only_a = {"people": [{"name": "A", "roles": ["n"], "interests": [{"kind": "note", "in": "S"}]}]}
        unnamed = {"role": "n", "present": True}
        res = evaluate(self.pol(), mdec("b", attendance=self.att() + [unnamed]), None, only_a)
        self.assertEqual(res["obligations"], [{"due": "2026-11-20", "file": "the register", "line": 0}])
        # ... unless the attendance names that person in another entry
        att = [{"role": "ch", "person": "A", "present": True}, unnamed]
        only_a_ch = {"people": [{"name": "A", "roles": ["n", "ch"], "interests": [{"kind": "note", "in": "S"}]}]}
        res = evaluate(self.pol(), mdec("b", attendance=att), None, only_a_ch)
        self.assertEqual(res["obligations"], [{"due": "2026-11-20", "file": "the register", "line": 0}])
        res = evaluate(self.pol(exports.q_count(1)), mdec("b", attendance=[dict(att[0], present=False), unnamed]),
                       None, only_a_ch)
        self.assertEqual((res["outcome"], res["obligations"]), ("permitted", []))  # the n present is not A
        # several holders, one with interests: say who it is
        reg = {"people": only_a["people"] + [{"name": "B", "roles": ["n"]}]}
        self.assertIn("error", evaluate(self.pol(), mdec("b", attendance=self.att() + [unnamed]), None, reg))
        # several entries of the role: an unnamed one is someone the
        # attendance does not name; R0725 when such a holder has interests
        att = self.att("B", absent=("B",)) + [unnamed]
        self.assertIn("error", evaluate(self.pol(), mdec("b", attendance=att), None, reg))
        att = self.att("A", absent=("A",)) + [unnamed]
        res = evaluate(self.pol(), mdec("b", attendance=att), None, reg)
        self.assertEqual((res["outcome"], res["obligations"]), ("permitted", []))
        # without a register, the role alone serves
        self.assertEqual(evaluate(self.pol(), mdec("b", attendance=self.att() + [unnamed]))["outcome"],
                         "permitted")

    def test_all_and_percent_against_seats(self):
        e = exports
        res = evaluate(self.pol(e.q_all()), mdec("b", attendance=self.att("A")))
        self.assertEqual(kinds(res), ["not_quorate"])  # 2 of 3 seats
        self.assertEqual(evaluate(self.pol(e.q_all()), mdec("b", attendance=self.att("A", "B")))["outcome"],
                         "permitted")
        # 2 present of 3 seats is 66.7%
        self.assertEqual(evaluate(self.pol(e.q_percent(6667)), mdec("b", attendance=self.att("A")))["outcome"],
                         "refused")
        self.assertEqual(evaluate(self.pol(e.q_percent(6666)), mdec("b", attendance=self.att("A")))["outcome"],
                         "permitted")

    def test_input_errors(self):
        self.assertIn("error", evaluate(self.pol(), mdec("b")))  # R0727
        self.assertIn("error", evaluate(self.pol(), mdec("b", attendance=self.att("A", "B", "C", "D"))))  # R0732
        self.assertNotIn("error", evaluate(self.pol(), mdec("b", attendance=self.att("A", "B", "C"))))
        self.assertIn("error", evaluate(self.pol(), mdec("b", attendance=self.att("A", "A"))))  # R0735
        # a decider that is a role: no meeting, and no need of attendance
        self.assertNotIn("error", evaluate(self.pol(), mdec("ch")))

    def lost(self, pol, k=0):
        # quorum all: 3 of 3 present, and A stands aside
        fin_a = [{"who": {"person": "A", "role": "n"}, "kind": "fin", "in": "S", "declared": "2026-01-01"}]
        return evaluate(pol, mdec("b", k, attendance=self.att("A", "B"), interests=fin_a))

    def test_referral(self):
        e = exports
        to_r = e.rule("delegate", "m", "t", 2, to="r", when=k_is(10, "<"), **{"from": "top"})
        rules = [to_r, e.rule("reserve", "m", "t", 3, to="top", when=k_is(5)),
                 e.rule("reserve", "m", "t", 4, to="b", when=k_is(30))]
        pol = self.pol(e.q_all(), rules)
        res = self.lost(pol)
        self.assertEqual((res["outcome"], res["escalate_to"], kinds(res)),
                         ("escalate", "r", ["quorum_lost_to_conflicts"]))
        # R cannot take it: who else can decide, up from R
        self.assertEqual(self.lost(pol, 20)["escalate_to"], "top")
        # a reservation to another holder: to that holder
        self.assertEqual(self.lost(pol, 5)["escalate_to"], "top")
        # reserved to the deciding body itself: refused
        self.assertEqual(self.lost(pol, 30)["reasons"], [{"kind": "quorum_lost_to_conflicts"},
                                                         {"kind": "reserved", "rule": ref("t", 4)}])
        self.assertEqual(self.lost(pol, 30)["outcome"], "refused")
        # the walk up from R finds the deciding body: refused
        pol = self.pol(e.q_all(), [to_r], r_reports_to=("b",))
        self.assertEqual(self.lost(pol, 20)["outcome"], "refused")
        self.assertEqual(self.lost(pol, 0)["escalate_to"], "r")
        # no referral body: refused
        self.assertEqual(self.lost(self.pol(e.q_all(), [to_r], refer=None))["outcome"], "refused")
        # a referral to the deciding body itself: refused
        res = self.lost(self.pol(e.q_all(), [to_r], refer="b"))
        self.assertEqual((res["outcome"], kinds(res)), ("refused", ["quorum_lost_to_conflicts"]))

    def test_named_person_stands_aside_once(self):
        # A's first interest sets A's entry aside; a second interest naming
        # A sets no one else aside
        e = exports
        two = [{"who": {"person": "A", "role": "n"}, "kind": k, "in": "S", "declared": "2026-01-01"}
               for k in ("fin", "fin2")]
        pol = self.pol(e.q_count(2))
        pol["conflicts"][0]["categories"].append({"name": "fin2", "title": None, "actions": ["withdraw"]})
        att = self.att("A") + [{"role": "n", "present": True}]
        self.assertEqual(evaluate(pol, mdec("b", attendance=att, interests=two))["outcome"], "permitted")
        # through whichever entry: an interest naming A with the role ch sets
        # aside the unnamed chair; a later one naming A sets aside no one
        via_ch = [{"who": {"person": "A", "role": "ch"}, "kind": "fin", "in": "S", "declared": "2026-01-01"},
                  {"who": {"person": "A", "role": "n"}, "kind": "fin2", "in": "S", "declared": "2026-01-01"}]
        pol["conflicts"][0]["quorum_lost_refer_to"] = None
        att = self.att("A", "B")
        res = evaluate(pol, mdec("b", attendance=att, interests=via_ch))
        self.assertEqual(res["outcome"], "permitted")
        # (had the second set aside A's entry as well, 1 of 3 would be left:
        # refused, as with an interest of B's)
        via_b = via_ch[:1] + [dict(via_ch[1], who={"person": "B", "role": "n"})]
        self.assertEqual(kinds(evaluate(pol, mdec("b", attendance=att, interests=via_b))),
                         ["quorum_lost_to_conflicts"])


class CosignatoryAsPerson(unittest.TestCase):
    """7.1: a co-signatory may be written as a person (whose registered
    interests are weighed); signatures are counted by role (7.7)."""

    def test_person(self):
        pol = ConflictedCosignatory().pol()
        reg = {"people": [{"name": "Cy", "roles": ["c"], "interests": [{"kind": "fin", "in": "S"}]},
                          {"name": "Di", "roles": ["c"]}]}
        # by role alone: several holders, one with interests: R0725
        self.assertIn("error", evaluate(pol, mdec("x", 3, co_signatories=["c"]), None, reg))
        # Di signs: no interest, the require is met
        res = evaluate(pol, mdec("x", 3, co_signatories=[{"person": "Di"}]), None, reg)
        self.assertEqual(res["outcome"], "permitted")
        # Cy signs: her registered interest excludes her, so she does not sign
        res = evaluate(pol, mdec("x", 3, co_signatories=[{"person": "Cy", "role": "c"}]), None, reg)
        self.assertEqual((res["outcome"], kinds(res)), ("refused", ["signatures"]))
        # a person needs a role without a register; a spelling the register
        # knows otherwise is R0734
        self.assertIn("error", evaluate(pol, mdec("x", 3, co_signatories=[{"person": "Di"}])))
        self.assertIn("error", evaluate(pol, mdec("x", 3, co_signatories=[{"person": "di", "role": "c"}]),
                                        None, reg))
