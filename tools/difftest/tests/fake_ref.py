"""A stand-in for the reference evaluator, for the driver's own tests.

evaluate() takes the driver's fake export ({"folder", "policy"}), asks
`remit eval` (REMIT_BIN, default build/remit) and returns its outcome, with
one deliberate bug: a `signatures` reason is dropped.  So every decision
refused for missing signatures is a disagreement, and a minimised case
must keep a `require` rule.
"""
import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
REMIT = os.path.abspath(os.environ.get("REMIT_BIN", os.path.join(ROOT, "build", "remit")))


def evaluate(export, decision, history=None, register=None, calendar=None):
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "policy.remit"), "w", encoding="utf-8") as f:
            f.write(export["policy"])
        with open(os.path.join(tmp, "d.jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps(decision) + "\n")
        cmd = [REMIT, "eval", "--no-analyses", "policy.remit", "--batch", "d.jsonl"]
        for name, val in (("--history", history), ("--register", register), ("--calendar", calendar)):
            if val is not None:
                path = os.path.join(tmp, name[2:] + ".json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(val, f)
                cmd += [name, path]
        p = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        rec = json.loads(p.stdout.splitlines()[0])
    if "error" in rec:
        raise ValueError("input error")
    out = rec["result"]
    out["reasons"] = [r for r in out["reasons"] if r["kind"] != "signatures"]
    return out
