"""tests/suite.py - what the Python suites share: the repository's root,
PASS/FAIL lines with their counts, and validators for the JSON Schemas of
schemas/ (their references to one another resolved there) and for the
official SARIF 2.1.0 schema (tests/sarif/).  Needs the jsonschema package
(Debian python3-jsonschema)."""
import glob
import json
import os

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
