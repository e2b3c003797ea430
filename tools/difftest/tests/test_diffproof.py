"""The proof of `remit diff` (diffproof.py) can fail: on a pair written by
hand it finds nothing wrong with the real comparison, and finds each kind
of fault planted in a copy of it — a region left out, a region answered
otherwise than it says, a region no decision is in; and a change of
findings (7.12) with no change of structure said for it."""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import diffproof  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
REMIT = os.path.abspath(os.environ.get("REMIT_BIN", os.path.join(ROOT, "build", "remit")))

OLD = """policy "Proof pair"
role ceo "Chief Executive"
role cfo "Director of Finance"
body board "Board" {
    members ceo, cfo
}
matter spend "Spending" {
    amount: money
    risk: score 1..5
    category: one of { revenue, capital }
}
delegate spend from board to ceo up to £5m
    may subdelegate
delegate spend from ceo to cfo up to £1m
    limit category in { revenue }
escalate spend to board when risk >= 4
"""


class PairCase(unittest.TestCase):
    """A pair written in a folder of its own, and its diff's answer."""

    def pair(self, prefix, old, new):
        self.dir = tempfile.mkdtemp(prefix=prefix)
        for name, text in (("old", old), ("new", new)):
            with open(os.path.join(self.dir, name + ".remit"), "w", encoding="utf-8") as f:
                f.write(text)
        p = subprocess.run([REMIT, "diff", "--format", "json", "old.remit", "new.remit"], cwd=self.dir,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        return json.loads(p.stdout)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)


# run with REMIT_BIN (as make test does), a missing binary fails, not skips
@unittest.skipUnless(os.access(REMIT, os.X_OK) or "REMIT_BIN" in os.environ, "build/remit is not built")
class Proof(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="diffproof-test-")
        with open(os.path.join(self.dir, "old.remit"), "w", encoding="utf-8") as f:
            f.write(OLD)
        with open(os.path.join(self.dir, "new.remit"), "w", encoding="utf-8") as f:
            f.write(OLD.replace("up to £1m", "up to £2m"))
        p = subprocess.run([REMIT, "diff", "--format", "json", "old.remit", "new.remit"], cwd=self.dir,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.doc = json.loads(p.stdout)
        self.assertTrue(self.doc["complete"])
        self.assertTrue(self.doc["regions"])

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def prove(self, doc):
        with open(os.path.join(self.dir, "diff.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f)
        problems, compared, sampled = diffproof.prove_pair(REMIT, self.dir, 3000, 1)
        self.assertGreater(compared, 100)
        self.assertFalse(sampled)
        return problems

    def test_the_real_comparison_is_proven(self):
        self.assertEqual(self.prove(self.doc), [])

    def test_a_region_left_out_is_found(self):
        doc = copy.deepcopy(self.doc)
        gone = doc["regions"].pop(0)
        problems = self.prove(doc)
        self.assertTrue(problems)
        self.assertTrue(all(p.startswith("changed outside every region") for p in problems), problems[:3])
        self.assertIn("by %s" % gone["decider"], problems[0])

    def test_a_region_answered_otherwise_is_found(self):
        doc = copy.deepcopy(self.doc)
        doc["regions"][0]["now"] = "refused"
        problems = self.prove(doc)
        self.assertTrue(any("but answered" in p for p in problems), problems[:3])
        self.assertTrue(any(p.startswith("region 0 has no decision") for p in problems), problems[-3:])

    def test_a_region_too_wide_is_found(self):
        doc = copy.deepcopy(self.doc)
        for box in doc["regions"][0]["boxes"]:
            box["fields"]["amount"] = [{"from": None, "to": None}]
        problems = self.prove(doc)
        self.assertTrue(any("but answered alike" in p for p in problems), problems[:3])

    def test_a_region_no_decision_is_in_is_found(self):
        doc = copy.deepcopy(self.doc)
        extra = copy.deepcopy(doc["regions"][0])
        extra["decider"] = "board"
        doc["regions"].append(extra)
        problems = self.prove(doc)
        n = len(doc["regions"]) - 1
        self.assertTrue(any(p.startswith("region %d has no decision" % n) or "region %d " % n in p
                            for p in problems), problems)


@unittest.skipUnless(os.access(REMIT, os.X_OK) or "REMIT_BIN" in os.environ, "build/remit is not built")
class Findings(PairCase):
    """A generated scheme whose `declare within` is shortened: the
    generator's decisions (with interests) find other late declarations,
    which the diff's change of structure explains; taken out of the
    diff's answer, the sweep finds the findings unexplained."""
    SEED = 105

    def setUp(self):
        import gen
        old = gen.generate(self.SEED, 0).policy
        new = old.replace("    declare within 33 days", "    declare within 8 days")
        self.assertNotEqual(old, new)
        self.doc = self.pair("diffproof-findings-", old, new)

    def test_changed_findings_are_explained(self):
        problems, compared, differ = diffproof.sweep_findings(REMIT, self.dir, self.SEED, self.doc)
        self.assertEqual(problems, [])
        self.assertEqual(compared, diffproof.FINDINGS_DECISIONS)
        self.assertGreater(differ, 0)
        self.assertIn("conflicts_changed", [x["kind"] for x in self.doc["structural"]])

    def test_a_change_of_structure_left_out_is_found(self):
        doc = copy.deepcopy(self.doc)
        doc["structural"] = [x for x in doc["structural"] if x["kind"] != "conflicts_changed"]
        problems, _, differ = diffproof.sweep_findings(REMIT, self.dir, self.SEED, doc)
        self.assertTrue(problems)
        self.assertTrue(all(p.startswith("findings of kind late_declaration changed") for p in problems), problems)


MEETINGS = """policy "Proof meetings"
kind executive "Executive"
kind independent "Independent"
role ceo "Chief Executive" is executive
role cfo "Director of Finance" is executive
role ned "Non-executive" is independent
body board "Board" {
    members ceo, cfo, 2 ned
    quorum 3 and 1 independent
}
matter spend "Spending" {
    amount: money
}
reserve spend to board when amount > £1m
delegate spend from board to ceo up to £1m
"""


@unittest.skipUnless(os.access(REMIT, os.X_OK) or "REMIT_BIN" in os.environ, "build/remit is not built")
class Meetings(PairCase):
    """A quorum raised (3 and 1 independent to 4): the meetings of the
    Board with a member away are no longer quorate, which the diff says
    as changes of structure; the sweep at those meetings agrees, and
    finds a meeting left out of the diff's answer."""

    def setUp(self):
        self.doc = self.pair("diffproof-meetings-", MEETINGS, MEETINGS.replace("quorum 3 and 1 independent", "quorum 4"))

    def prove(self, doc):
        with open(os.path.join(self.dir, "diff.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f)
        problems, compared, _ = diffproof.prove_pair(REMIT, self.dir, 3000, 1)
        return problems, compared

    def test_meetings_with_one_away_are_said(self):
        kinds = [x["kind"] for x in self.doc["structural"]]
        self.assertEqual(kinds.count("meeting_changed"), 3, self.doc["structural"])
        problems, compared = self.prove(self.doc)
        self.assertEqual(problems, [])
        self.assertGreater(compared, 20)

    def test_a_meeting_left_out_is_found(self):
        doc = copy.deepcopy(self.doc)
        doc["structural"] = [x for x in doc["structural"] if "(cfo) away" not in x["message"]]
        problems, _ = self.prove(doc)
        self.assertTrue(any("board with one cfo away: able to decide differently" in p for p in problems), problems)


class Mutations(unittest.TestCase):
    def test_a_mutation_changes_the_text_and_says_what_it_did(self):
        import random
        rng = random.Random(5)
        made = 0
        for _ in range(40):
            got = diffproof.mutate(OLD, rng)
            if got is None:
                continue
            text, what = got
            self.assertNotEqual(text, OLD, what)
            self.assertTrue(what)
            made += 1
        self.assertGreater(made, 10)


if __name__ == "__main__":
    unittest.main()
