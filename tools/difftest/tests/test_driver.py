"""The driver end to end, with a fake export and a reference with a known
bug (fake_ref.py): disagreements are found, counted by signature and
minimised into a folder that reproduces them."""
import io
import os
import contextlib
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import difftest  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
REMIT = os.path.abspath(os.environ.get("REMIT_BIN", os.path.join(ROOT, "build", "remit")))


def run(args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = difftest.main(args)
    return rc, out.getvalue()


def _dies_at_three(x):
    if x == 3:
        os._exit(9)  # as the kernel's out-of-memory killer would end it
    return x


class Workers(unittest.TestCase):
    def test_results_in_order(self):
        self.assertEqual(difftest.in_workers(2, abs, [-3, -2, -1, 0, 1], 1), [3, 2, 1, 0, 1])

    def test_a_worker_that_dies_ends_the_run_with_a_message(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            got = difftest.in_workers(2, _dies_at_three, list(range(8)), 1)
        self.assertIsNone(got)
        self.assertIn("a worker process died", out.getvalue())


@unittest.skipUnless(os.access(REMIT, os.X_OK), "build/remit is not built")
class Driver(unittest.TestCase):
    def test_fake_reference_bug_is_found_and_minimised(self):
        with tempfile.TemporaryDirectory() as out:
            rc, text = run(["--seed", "3", "--schemes", "6", "--decisions-per-scheme", "30",
                            "--remit", REMIT, "--fake-export", "--out", out,
                            "--ref", os.path.join(HERE, "fake_ref.py")])
            last = text.strip().splitlines()[-1]
            self.assertRegex(last, r"^difftest: 180 decisions compared over 6 schemes, [1-9]\d* disagreements$")
            self.assertEqual(rc, 1)
            cases = sorted(os.listdir(os.path.join(out, "cases")))
            self.assertTrue(cases)
            for c in cases:
                folder = os.path.join(out, "cases", c)
                for f in ("policy.remit", "decision.json", "c.json", "ref.json", "README"):
                    self.assertTrue(os.path.exists(os.path.join(folder, f)), f)
                with open(os.path.join(folder, "README")) as f:
                    readme = f.read()
                self.assertIn("reasons differs", readme)
                self.assertIn("only in C [signatures]", readme)
                with open(os.path.join(folder, "policy.remit")) as f:
                    policy = f.read()
                # minimised: the require rule stays, most of the scheme goes
                self.assertIn("require ", policy)
                self.assertNotIn("protocol ", policy)
                self.assertLess(len(policy.splitlines()), 40)

    def test_missing_reference_says_so(self):
        rc, text = run(["--seed", "1", "--schemes", "1", "--remit", REMIT,
                        "--ref", "/nonexistent/remit_ref.py"])
        self.assertEqual(rc, 2)
        self.assertIn("does not exist yet", text)

    def test_c_only(self):
        rc, text = run(["--seed", "5", "--schemes", "4", "--decisions-per-scheme", "20",
                        "--remit", REMIT, "--c-only"])
        self.assertEqual(rc, 0)
        self.assertIn("difftest: C side only: 80 decisions evaluated over 4 schemes, 0 input errors", text)

    def test_c_only_input_error_fails_and_says_which(self):
        real = difftest.gen.generate

        def with_a_bad_decision(seed, n, scale=1):
            s = real(seed, n, scale)
            s.decisions.append(dict(s.decisions[0], matter="no_such_matter"))
            return s
        difftest.gen.generate = with_a_bad_decision
        try:
            rc, text = run(["--seed", "5", "--schemes", "2", "--decisions-per-scheme", "10",
                            "--remit", REMIT, "--c-only", "--jobs", "1"])
        finally:
            difftest.gen.generate = real
        self.assertEqual(rc, 1)
        self.assertIn("difftest: C side only: 22 decisions evaluated over 2 schemes, 2 input errors", text)
        self.assertRegex(text, r"input error: scheme 0 \(seed \d+\), decision 11: R0726 ")


if __name__ == "__main__":
    unittest.main()
