"""The generator: its policies check clean, its inputs are valid, and a seed
always gives the same scheme.  Needs build/remit (REMIT_BIN to override)."""
import collections
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import gen  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
REMIT = os.path.abspath(os.environ.get("REMIT_BIN", os.path.join(ROOT, "build", "remit")))
SEEDS = int(os.environ.get("DIFFTEST_GEN_SEEDS", "500"))


@unittest.skipUnless(os.access(REMIT, os.X_OK), "build/remit is not built")
class GeneratedPoliciesCheckClean(unittest.TestCase):
    def test_policies_check_without_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for seed in range(SEEDS):
                path = os.path.join(tmp, "s%d.remit" % seed)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(gen.generate(seed, 0).policy)
                files.append(path)
            # remit check takes many files; 100 at a time keeps the output readable
            for k in range(0, len(files), 100):
                p = subprocess.run([REMIT, "check", "--no-analyses"] + files[k:k + 100],
                                   capture_output=True, text=True)
                errors = [l for l in (p.stdout + p.stderr).splitlines() if "error[" in l]
                self.assertEqual(errors, [], "generated policies with errors")
                self.assertEqual(p.returncode, 0)

    def test_larger_schemes_check_without_errors(self):
        """--scale K gives schemes about K times larger (the evaluator's
        indexes at scale), and they check clean too."""
        with tempfile.TemporaryDirectory() as tmp:
            files, holders = [], []
            for seed in range(40):
                path = os.path.join(tmp, "s%d.remit" % seed)
                text = gen.generate(seed, 0, scale=20).policy
                holders.append(sum(1 for l in text.splitlines() if l.startswith(("role ", "body "))))
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                files.append(path)
            self.assertGreater(max(holders), 12 * 4, "scale 20 gave no scheme larger than scale 1 can")
            p = subprocess.run([REMIT, "check", "--no-analyses"] + files, capture_output=True, text=True)
            errors = [l for l in (p.stdout + p.stderr).splitlines() if "error[" in l]
            self.assertEqual(errors, [], "generated policies with errors")
            self.assertEqual(p.returncode, 0)

    def test_inputs_are_valid(self):
        """Decisions, histories and registers are read without input errors,
        and the behaviour of SPEC 7.9 and 7.10 the generator aims at turns
        up: conflicted deciders who stand aside, meetings that lose their
        quorum to conflicts (referred on, or refused), expired crisis
        powers, rules set aside by precedence."""
        codes = collections.Counter()
        seen = collections.Counter()
        n = 0
        for seed in range(80):
            s = gen.generate(seed, 50)
            with tempfile.TemporaryDirectory() as tmp:
                paths = gen.write_scheme(s, tmp)
                cmd = [REMIT, "eval", "--no-analyses", "policy.remit", "--batch", "decisions.jsonl"]
                if "history" in paths:
                    cmd += ["--history", "history.json"]
                if "register" in paths:
                    cmd += ["--register", "register.json"]
                p = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
                self.assertIn(p.returncode, (0, 6), "seed %d: %s" % (seed, p.stderr[:500]))
                for line in p.stdout.splitlines():
                    rec = json.loads(line)
                    n += 1
                    if "error" in rec:
                        for d in rec["error"]["diagnostics"]:
                            codes["seed %d line %d %s %s" % (seed, rec["line"], d["code"], d["message"])] += 1
                    else:
                        res = rec["result"]
                        for x in res.get("reasons") or []:
                            seen["%s %s" % (x["kind"], res["outcome"])] += 1
        self.assertEqual(n, 80 * 50)
        self.assertEqual(list(codes)[:10], [], "input errors")
        for k in ["conflicted_decider escalate", "conflicted_decider refused",
                  "quorum_lost_to_conflicts escalate", "quorum_lost_to_conflicts refused",
                  "not_quorate refused", "crisis_powers_expired escalate",
                  "set_aside_by_precedence escalate"]:
            self.assertGreater(seen[k], 0, k)


class Deterministic(unittest.TestCase):
    def test_same_seed_same_scheme(self):
        for seed in (0, 1, 99, 123456):
            a, b = gen.generate(seed, 20), gen.generate(seed, 20)
            self.assertEqual(a.policy, b.policy)
            self.assertEqual(a.decisions, b.decisions)
            self.assertEqual(a.history, b.history)
            self.assertEqual(a.register, b.register)

    def test_seeds_differ(self):
        self.assertNotEqual(gen.generate(1, 0).policy, gen.generate(2, 0).policy)


class Coverage(unittest.TestCase):
    """Over a few hundred seeds every construct of SPEC 7 turns up."""

    def test_constructs(self):
        text = "\n".join(gen.generate(seed, 0).policy for seed in range(300))
        for needle in ["tiers ", "kind ", " is board", "reports to", "members ", " 2+ ",
                       "..", "quorum majority", "quorum all", "%", "const ", "context {",
                       ": money", ": days", ": date", ": score", ": percent", ": number",
                       ": bool", ": text", ": one of", ": set of", ": tier",
                       "reserve ", "delegate ", "up to ", "limit ", "as advise", "as joint",
                       "as delegated", "as transfer", "may subdelegate", "with ",
                       "report to", "notify ", "ratify by", "record in", "publish",
                       "within ", "escalate ", "to next tier", "after ", "from ",
                       "refuse ", "require ", "total ", " per ", " over ", "protocol ",
                       "active when", "expires after", "never grant", "grant ",
                       "conflicts for", "conflicts {", "declare within",
                       "when quorum lost refer to", "exclude from vote", "chair decides",
                       "withdraw", "precedence ", " over L", "because ", "\nurgent ",
                       "up to no limit", "chaired by ", "never chaired by "]:
            self.assertIn(needle, text)
        self.assertRegex(text, r"precedence L\d+ over L\d+ over L\d+")

    def test_lengths_of_time_are_fixed(self):
        """within, after, over, expires after, declare within: literals,
        constants and constant arithmetic only (R0410)."""
        import re
        text = "\n".join(gen.generate(seed, 0).policy for seed in range(300))
        self.assertIsNone(re.search(r"\b(within|after|over) [fv]\d+", text))
        self.assertRegex(text, r"(within|after|over) c\d+ \+ \d+ (day|week)")
        self.assertRegex(text, r"const c\d+ = c\d+ \+ \d+ (day|week)")

    def test_grants_over_reservations(self):
        """precedence sets some crisis grants over reservations (SPEC 7.3.2)."""
        import re
        n = 0
        for seed in range(300):
            text = gen.generate(seed, 0).policy
            grants = set(re.findall(r"(L\d+): grant ", text))
            reserves = set(re.findall(r"(L\d+): reserve ", text))
            for a, b in re.findall(r"precedence (L\d+) over (L\d+)", text):
                n += a in grants and b in reserves
        self.assertGreater(n, 0)

    def test_meetings(self):
        """A body with a quorum always decides at a meeting (R0727); nobody
        is listed twice (R0735); every kind of entry turns up."""
        import re
        kinds = collections.Counter()
        for seed in range(100):
            s = gen.generate(seed, 30)
            quorate = set(re.findall(r"body (b\d+) [^\n]*\{\n(?:    members [^\n]*\n)?    quorum", s.policy))
            for d in s.decisions:
                if isinstance(d["decider"], str) and d["decider"] in quorate:
                    self.assertIn("attendance", d, "seed %d" % seed)
                att = d.get("attendance", [])
                people = [e["person"] for e in att if "person" in e]
                self.assertEqual(len(people), len(set(people)), "seed %d: %s" % (seed, att))
                for e in att:
                    kinds["present" if e["present"] else "absent"] += 1
                    kinds["visitor" if e.get("person", "").startswith("Visitor") else
                          "person" if "person" in e else "by role"] += 1
                    if "role" not in e:
                        kinds["person without role"] += 1
        for k in ["present", "absent", "visitor", "person", "by role", "person without role"]:
            self.assertGreater(kinds[k], 0, k)

    def test_decision_keys(self):
        keys = collections.Counter()
        for seed in range(100):
            s = gen.generate(seed, 30)
            for d in s.decisions:
                keys.update(d.keys())
                if isinstance(d["decider"], dict):
                    keys["person decider"] += 1
            if s.history and any("under" in e for e in s.history):
                keys["under"] += 1
            keys["presiding"] += sum(1 for d in s.decisions for e in d.get("attendance", [])
                                     if e.get("presiding"))
        for k in ["body", "opened", "activated", "co_signatories", "interests",
                  "attendance", "subject", "person decider", "under", "context", "urgent",
                  "presiding"]:
            self.assertGreater(keys[k], 0, k)


if __name__ == "__main__":
    unittest.main()
