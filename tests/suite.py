"""tests/suite.py - what the Python suites share: the repository's root,
PASS/FAIL lines with their counts, and validators for the JSON Schemas of
schemas/ (their references to one another resolved there) and for the
official SARIF 2.1.0 schema (tests/sarif/).  Needs the jsonschema package
(Debian python3-jsonschema)."""
import difflib
import glob
import json
import os
import shlex
import subprocess
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Suite:
    """PASS/FAIL lines, "PASS NAME: what", counted."""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def say(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%s %s: %s" % ("PASS" if ok else "FAIL", self.name, what))

    def end(self):
        """The closing line; the exit status."""
        print("%s: %d passed, %d failed" % (self.name, self.passed, self.failed))
        return 1 if self.failed else 0


def run(args):
    """Run a command in the repository's root: its exit code, standard
    output and standard error, as text."""
    p = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def cmd_goldens(suite, remit, command):
    """The goldens tests/COMMAND/NAME.cmd (the arguments of `remit
    COMMAND`) -> NAME.out (its standard output, then its standard error,
    then "exit: N"), each a PASS or a FAIL with the difference; returns
    (name, exit code, output, errors) of each."""
    got_all = []
    for cmd in sorted(glob.glob(os.path.join(ROOT, "tests", command, "*.cmd"))):
        name = os.path.basename(cmd)[:-4]
        with open(cmd, encoding="utf-8") as f:
            args = shlex.split(f.read())
        rc, out, err = run([remit, command] + args)
        got = out + err + "exit: %d\n" % rc
        gold = cmd[:-4] + ".out"
        try:
            with open(gold, encoding="utf-8") as f:
                want = f.read()
        except OSError:
            want = None
        ok = got == want
        suite.say(ok, "golden %s (exit %d)" % (name, rc))
        if not ok:
            sys.stdout.writelines(difflib.unified_diff((want or "").splitlines(True), got.splitlines(True),
                                                       gold, "now", n=1))
        got_all.append((name, rc, out, err))
    return got_all


def load_json(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return json.load(f)


def schema_store():
    """{$id: schema} of every schema of schemas/."""
    store = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "schemas", "*.schema.json"))):
        s = load_json(path)
        store[s.get("$id", path)] = s
    return store


def validator(schema, store=None):
    """A draft 2020-12 validator of schema (a schema, or a file of
    schemas/), with formats checked and references to the other schemas
    of schemas/ resolved there; the schema is checked first."""
    if isinstance(schema, str):
        schema = load_json(os.path.join("schemas", schema))
    store = schema_store() if store is None else store
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    fc = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        registry = Registry().with_resources(
            (i, Resource.from_contents(s, default_specification=DRAFT202012)) for i, s in store.items())
        return cls(schema, registry=registry, format_checker=fc)
    except (ImportError, TypeError):  # jsonschema before 4.18 (Debian 12's 4.10): no registries
        return cls(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store), format_checker=fc)


def sarif_validator():
    """A validator of the official SARIF 2.1.0 schema (draft 4)."""
    schema = load_json("tests/sarif/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)
