"""The comparator of the driver, on hand-written outcome pairs."""
import copy
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import difftest  # noqa: E402

RULE = {"file": "policy.remit", "line": 12, "text": "delegate spend from board to ceo"}

C_PERMITTED = {"line": 1, "result": {
    "schema": "remit.outcome/2", "outcome": "permitted", "matter": "spend", "decider": "cfo",
    "chain": [{"holder": "board"}, {"holder": "ceo", "rule": RULE},
              {"holder": "cfo", "rule": {"file": "policy.remit", "line": 15, "text": "delegate spend from ceo to cfo"}}],
    "accountable": "board",
    "obligations": [{"text": "report to Board by 2026-12-20", "due": "2026-12-20", "file": "policy.remit", "line": 13},
                    {"text": "publish", "file": "policy.remit", "line": 20}],
    "findings": [{"kind": "late_declaration", "due": "2026-10-29", "message": "the interest ...",
                  "file": "policy.remit", "line": 40}],
    "reasons": []}}

# the reference's form: no message texts, no schema, no rule text
REF_PERMITTED = {"result": {
    "outcome": "permitted", "matter": "spend", "decider": "cfo",
    "chain": [{"holder": "board"}, {"holder": "ceo", "rule": {"file": "policy.remit", "line": 12}},
              {"holder": "cfo", "rule": {"file": "policy.remit", "line": 15}}],
    "accountable": "board",
    "obligations": [{"due": "2026-12-20", "file": "policy.remit", "line": 13},
                    {"file": "policy.remit", "line": 20}],
    "findings": [{"kind": "late_declaration", "due": "2026-10-29", "file": "policy.remit", "line": 40}],
    "reasons": []}}

C_ESCALATE = {"line": 2, "result": {
    "schema": "remit.outcome/2", "outcome": "escalate", "matter": "spend", "decider": "cfo",
    "escalate_to": "ceo",
    "reasons": [{"kind": "outside_delegated_authority", "message": "the authority ...", "rule": RULE},
                {"kind": "no_subdelegation", "message": "...", "rule": {"file": "policy.remit", "line": 9, "text": "x"}}]}}
REF_ESCALATE = {"result": {
    "outcome": "escalate", "matter": "spend", "decider": "cfo", "escalate_to": "ceo",
    "reasons": [{"kind": "outside_delegated_authority", "rule": {"file": "policy.remit", "line": 12}},
                {"kind": "no_subdelegation", "rule": {"file": "policy.remit", "line": 9}}]}}

C_ERROR = {"line": 3, "error": {"schema": "remit.diagnostics/1", "diagnostics": [
    {"severity": "error", "code": "R0725", "file": "line 3", "line": 1, "column": 1, "message": "m"}],
    "errors": 1, "warnings": 0}}


def fields(diffs):
    return [d[0] for d in diffs]


class Agreement(unittest.TestCase):
    def test_permitted_agrees_without_messages(self):
        self.assertEqual(difftest.compare(C_PERMITTED, REF_PERMITTED), [])

    def test_escalate_agrees(self):
        self.assertEqual(difftest.compare(C_ESCALATE, REF_ESCALATE), [])

    def test_both_errors_agree(self):
        self.assertEqual(difftest.compare(C_ERROR, {"error": "ValueError: bad"}), [])

    def test_empty_findings_same_as_absent(self):
        c = copy.deepcopy(C_ESCALATE)
        c["result"]["findings"] = []
        self.assertEqual(difftest.compare(c, REF_ESCALATE), [])

    def test_contradiction_other_rule(self):
        c = {"result": {"outcome": "undetermined", "reasons": [
            {"kind": "contradiction", "message": "..", "rule": {"file": "p", "line": 3, "text": "a"},
             "other_rule": {"file": "p", "line": 5, "text": "b"}}, {"kind": "no_authority", "message": ".."}]}}
        r = {"result": {"outcome": "undetermined", "reasons": [
            {"kind": "contradiction", "rule": {"file": "p", "line": 3}, "other_rule": {"file": "p", "line": 5}},
            {"kind": "no_authority"}]}}
        self.assertEqual(difftest.compare(c, r), [])
        r["result"]["reasons"][0]["other_rule"]["line"] = 6
        self.assertEqual(fields(difftest.compare(c, r)), ["reasons"])


class Disagreement(unittest.TestCase):
    def mutate(self, base, path, value):
        r = copy.deepcopy(base)
        o = r["result"]
        for k in path[:-1]:
            o = o[k]
        if value is KeyError:
            del o[path[-1]]
        else:
            o[path[-1]] = value
        return r

    def test_outcome(self):
        r = self.mutate(REF_ESCALATE, ["outcome"], "refused")
        self.assertEqual(fields(difftest.compare(C_ESCALATE, r)), ["outcome"])

    def test_escalate_to(self):
        r = self.mutate(REF_ESCALATE, ["escalate_to"], "board")
        self.assertEqual(fields(difftest.compare(C_ESCALATE, r)), ["escalate_to"])

    def test_chain_holder_and_rule_line(self):
        r = self.mutate(REF_PERMITTED, ["chain", 1, "holder"], "cfo2")
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["chain"])
        r = self.mutate(REF_PERMITTED, ["chain", 2, "rule", "line"], 16)
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["chain"])
        r = self.mutate(REF_PERMITTED, ["chain", 0], {"protocol": "board"})
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["chain"])

    def test_accountable(self):
        r = self.mutate(REF_PERMITTED, ["accountable"], None)
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["accountable"])

    def test_reason_order_matters(self):
        r = copy.deepcopy(REF_ESCALATE)
        r["result"]["reasons"].reverse()
        d = difftest.compare(C_ESCALATE, r)
        self.assertEqual(fields(d), ["reasons"])
        self.assertEqual(difftest.signature(d, C_ESCALATE, r),
                         "reasons | escalate | reasons: same kinds, other order or rules")

    def test_signature_of_extra_reason(self):
        r = copy.deepcopy(REF_ESCALATE)
        r["result"]["reasons"].append({"kind": "signatures"})
        d = difftest.compare(C_ESCALATE, r)
        self.assertEqual(difftest.signature(d, C_ESCALATE, r),
                         "reasons | escalate | reasons only in C [], only in ref [signatures]")
        r["result"]["reasons"][-1] = {"kind": "outside_delegated_authority"}
        d = difftest.compare(C_ESCALATE, r)
        self.assertEqual(difftest.signature(d, C_ESCALATE, r),
                         "reasons | escalate | reasons: same kinds, other counts [outside_delegated_authority]")

    def test_signature_of_outcome(self):
        r = self.mutate(REF_ESCALATE, ["outcome"], "refused")
        d = difftest.compare(C_ESCALATE, r)
        self.assertEqual(difftest.signature(d, C_ESCALATE, r),
                         "outcome | C escalate[outside_delegated_authority,no_subdelegation]"
                         " | ref refused[outside_delegated_authority,no_subdelegation]")

    def test_signature_of_obligations(self):
        r = self.mutate(REF_PERMITTED, ["obligations", 1, "due"], "2026-12-20")
        d = difftest.compare(C_PERMITTED, r)
        self.assertEqual(difftest.signature(d, C_PERMITTED, r), "obligations | permitted | obligations: due")
        r = self.mutate(REF_PERMITTED, ["obligations"], [])
        d = difftest.compare(C_PERMITTED, r)
        self.assertEqual(difftest.signature(d, C_PERMITTED, r), "obligations | permitted | obligations: C 2, ref 0")

    def test_also_reasons(self):
        r = copy.deepcopy(REF_ESCALATE)
        r["result"]["also"] = [{"kind": "reserved", "rule": {"file": "p.remit", "line": 9}}]
        d = difftest.compare(C_ESCALATE, r)
        self.assertEqual(fields(d), ["also"])
        self.assertEqual(difftest.signature(d, C_ESCALATE, r),
                         "also | escalate | also only in C [], only in ref [reserved]")
        c = copy.deepcopy(r)
        self.assertEqual(difftest.compare(c, r), [])
        c["result"]["also"][0]["rule"]["line"] = 10
        self.assertEqual(fields(difftest.compare(c, r)), ["also"])

    def test_reason_rule_missing(self):
        r = self.mutate(REF_ESCALATE, ["reasons", 0, "rule"], KeyError)
        self.assertEqual(fields(difftest.compare(C_ESCALATE, r)), ["reasons"])

    def test_obligations_due_and_order(self):
        r = self.mutate(REF_PERMITTED, ["obligations", 0, "due"], "2026-12-21")
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["obligations"])
        r = copy.deepcopy(REF_PERMITTED)
        r["result"]["obligations"].reverse()
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["obligations"])
        r = self.mutate(REF_PERMITTED, ["obligations", 1, "due"], "2026-12-20")
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["obligations"])

    def test_findings(self):
        r = self.mutate(REF_PERMITTED, ["findings"], KeyError)
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["findings"])
        r = self.mutate(REF_PERMITTED, ["findings", 0, "kind"], "ratification_overdue")
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["findings"])

    def test_several_fields(self):
        r = self.mutate(REF_PERMITTED, ["accountable"], "ceo")
        r["result"]["findings"] = []
        self.assertEqual(fields(difftest.compare(C_PERMITTED, r)), ["accountable", "findings"])

    def test_error_against_result(self):
        d = difftest.compare(C_ERROR, REF_ESCALATE)
        self.assertEqual(d, [("error", True, False)])
        self.assertEqual(difftest.signature(d, C_ERROR, REF_ESCALATE),
                         "error | C error(R0725) | ref escalate[outside_delegated_authority,no_subdelegation]")
        d = difftest.compare(C_ESCALATE, {"error": "KeyError: x"})
        self.assertEqual(d, [("error", False, True)])
        self.assertEqual(difftest.signature(d, C_ESCALATE, {"error": "KeyError: x"}),
                         "error | C escalate[outside_delegated_authority,no_subdelegation] | ref error(KeyError)")
        err = {"error": "the register lists several people who hold 'r7', some with registered "
                        "interests: say which one attends"}
        self.assertEqual(difftest.signature(d, C_ESCALATE, err),
                         "error | C escalate[outside_delegated_authority,no_subdelegation] | ref error(the "
                         "register lists several people who hold '…', some with registered interests)")
        err = {"error": "the attendance lists 3 as 'r5', and 'b2' has 2 such seats"}
        self.assertIn("ref error(the attendance lists N as '…', and '…' has N such seats)",
                      difftest.signature(d, C_ESCALATE, err))

    def test_reference_crash_and_timeout_are_errors(self):
        class Crashing:
            @staticmethod
            def evaluate(export, decision, history=None, register=None):
                return {}["missing"]

        class Slow:
            @staticmethod
            def evaluate(export, decision, history=None, register=None):
                import time
                time.sleep(5)
        self.assertEqual(difftest.ref_eval(Crashing, {}, {}, None, None), {"error": "KeyError: 'missing'"})
        saved, difftest.REF_TIMEOUT = difftest.REF_TIMEOUT, 1
        try:
            rec = difftest.ref_eval(Slow, {}, {}, None, None)
        finally:
            difftest.REF_TIMEOUT = saved
        self.assertTrue(rec["error"].startswith("RefTimeout"))

    def test_describe(self):
        r = self.mutate(REF_ESCALATE, ["escalate_to"], "board")
        self.assertEqual(difftest.describe(difftest.compare(C_ESCALATE, r)),
                         'escalate_to differs: C "ceo", reference "board"')


class Minimiser(unittest.TestCase):
    def test_ddmin(self):
        calls = []

        def still(xs):
            calls.append(xs)
            return 3 in xs and 7 in xs
        self.assertEqual(difftest.ddmin_list(list(range(20)), still), [3, 7])
        self.assertEqual(difftest.ddmin_list([1, 2], lambda xs: True), [])

    def test_policy_units(self):
        text = "policy \"x\"\nbody b {\n    members r\n}\ndelegate m from b to r\n    up to £5\n"
        lines, units = difftest.policy_units(text)
        self.assertEqual([lines[a] for a, _ in units], ['policy "x"', "body b {", "delegate m from b to r"])
        self.assertEqual(units[1], (1, 3))


if __name__ == "__main__":
    unittest.main()


class Who(unittest.TestCase):
    """who_problems: `remit who`'s answer against a reference that
    permits by a table of (decider, co-signatories)."""

    EXPORT = {"holders": [{"name": "board"}, {"name": "ceo"}, {"name": "cfo"}, {"name": "ned"}]}

    class Ref:
        def __init__(self, table):
            self.table = table

        def evaluate(self, export, decision, *rest):
            key = (decision["decider"], tuple(decision.get("co_signatories") or []))
            got = self.table.get(key, "escalate")
            return {"error": "R0727"} if got == "error" else {"outcome": got}

    def answer(self, listed, unsettled=()):
        return {"holders": [{"holder": h, "co_signatories_added": co} for h, co in listed],
                "unsettled": [{"holder": h, "message": "..."} for h in unsettled]}

    def problems(self, table, answer):
        n, probs = difftest.who_problems(self.Ref(table), self.EXPORT, {"matter": "spend"}, answer,
                                         None, None, None)
        self.assertEqual(n, 4)
        return probs

    def test_agrees(self):
        table = {("ceo", ()): "permitted", ("cfo", ()): "refused", ("cfo", ("ceo",)): "permitted",
                 ("board", ()): "error"}
        self.assertEqual(self.problems(table, self.answer([("cfo", ["ceo"]), ("ceo", [])], ["board"])), [])

    def test_permitted_but_left_out(self):
        probs = self.problems({("ned", ()): "permitted"}, self.answer([]))
        self.assertEqual(len(probs), 1)
        self.assertIn("ned is permitted by the reference, but who leaves it out", probs[0])

    def test_listed_but_not_permitted(self):
        probs = self.problems({}, self.answer([("ceo", [])]))
        self.assertIn("ceo is escalate by the reference, but who lists it", probs[0])

    def test_added_signatures_not_enough(self):
        probs = self.problems({("cfo", ("ned",)): "refused"}, self.answer([("cfo", ["ned"])]))
        self.assertIn("cfo is listed with ['ned'] added, but the reference does not permit it so", probs[0])

    def test_unsettled_but_readable(self):
        probs = self.problems({}, self.answer([], ["board"]))
        self.assertIn("board is unsettled by who, but the reference evaluates it", probs[0])

    def test_malformed_for_all(self):
        probs = self.problems({("board", ()): "error", ("ceo", ()): "error", ("cfo", ()): "error"}, None)
        self.assertEqual(len(probs), 1)
        self.assertIn("malformed for every holder, but the reference evaluates it with ned", probs[0])
