#!/usr/bin/env python3
"""tools/audit/genledger.py - a ledger of decisions taken under
examples/icb-scheme.remit, with breaches seeded at known lines, for
checking `remit audit` (SPEC 7.18): it must find every seeded breach and
nothing else.

    genledger.py --lines N --seed S --out LEDGER.jsonl --expect EXPECT.json

The ledger runs over a year (2026-04-01 to 2027-03-31), oldest first.
Most lines are clean (and reported to the board within 30 days, as the
chief executive's delegation asks): the chief executive, or now and then the director
of finance, spending up to £2,000 of revenue with one of a pool of
suppliers (5,000, or one for every 100 lines), so that no supplier's spend
in any 30 days needs a co-signature and none reaches the cumulative limit
of £500,000 a year on the director of finance's decisions (at most 100
lines a supplier, £200,000, in a year, whoever decides).
Every `--every` lines (200 by default; 0: none, a clean ledger) one
breach is seeded, with a supplier of its own, in turn:

  without_authority      the director of finance spending capital, which
                         the scheme delegates to her only for revenue and
                         contracts (escalate to the chief executive)
  signature_missing      the chief executive spending £300,000 with no
                         co-signatory (above £250k it needs the director
                         of finance and one more executive)
  split                  the chief executive spending £150,000 twice with
                         one supplier a few lines apart: each alone needs no
                         co-signature, together they do
  ratification_late      the director of finance spending £100,000 of
                         capital under the major incident protocol's
                         crisis powers, ratified 10 days later (due in 7)
  ratification_missing   the same, never ratified
  split (signed)         the chief executive spending £300,000 co-signed by
                         the director of finance, then £100,000 with the
                         same supplier unsigned: the signature on one part
                         does not cover the other
and, clean, the same crisis decision ratified in 3 days.  The breaches
expected are written to EXPECT (a JSON list of [kind, [lines]]), the
lines of a split in order.  The same arguments give the same files."""
import argparse
import datetime
import json
import random

KINDS = ["without_authority", "signature_missing", "split", "ratification_late", "ratification_missing",
         "crisis_clean", "split_signed"]


def money(pence):
    pounds, p = divmod(pence, 100)
    s = "£{:,}".format(pounds)
    return s + (".%02d" % p if p else "")


def line(date, decider, pence, category, supplier, level=0, **kw):
    d = {"matter": "spend", "decider": decider, "date": date.isoformat(),
         "fields": {"amount": money(pence), "category": category, "risk": 4, "supplier": supplier},
         "context": {"incident_level": level}}
    if not level:  # the chief executive's authority is reported to the board within 30 days
        d["reported"] = {"board": (date + datetime.timedelta(days=10)).isoformat()}
    d.update(kw)
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--every", type=int, default=200)
    ap.add_argument("--days", type=int, default=365, help="the days the ledger spans, from 2026-04-01")
    ap.add_argument("--out", required=True)
    ap.add_argument("--expect", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    start, days = datetime.date(2026, 4, 1), a.days
    n = a.lines
    expect = []
    pending = {}  # line index (0-based) -> the decision to write there (the second half of a split)
    seeded = 0
    pool = max(5000, n // 100)
    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(n):
            date = start + datetime.timedelta(days=i * days // n)
            no = i + 1
            if i in pending:
                d, first = pending.pop(i)
                d["date"] = date.isoformat()
                expect.append(["split", [first, no]])
            elif a.every and i % a.every == a.every - 1 and i + 20 < n and date < start + datetime.timedelta(days=days - 10):
                kind = KINDS[seeded % len(KINDS)]
                sup = "Seeded Supplier %06d" % seeded
                seeded += 1
                crisis = dict(level=3, co_signatories=["ceo"], under="major_incident",
                              activated={"major_incident": (date - datetime.timedelta(days=1)).isoformat()})
                if kind == "without_authority":
                    d = line(date, "cfo", 4_000_000, "capital", sup)
                elif kind == "signature_missing":
                    d = line(date, "ceo", 30_000_000, "revenue", sup)
                elif kind in ("split", "split_signed"):
                    # split_signed: the first part co-signed (it needs it), the second not: a
                    # signature on one part does not cover the other
                    first = 30_000_000 if kind == "split_signed" else 15_000_000
                    extra = {"co_signatories": ["cfo"]} if kind == "split_signed" else {}
                    d = line(date, "ceo", first, "revenue", sup, **extra)
                    later = i + rng.randint(1, 15)
                    while later in pending:
                        later += 1
                    pending[later] = (line(date, "ceo", 15_000_000 if kind == "split" else 10_000_000, "revenue", sup),
                                      no)
                    kind = None  # expected at its second line
                elif kind == "ratification_late":
                    d = line(date, "cfo", 10_000_000, "capital", sup,
                             ratified=(date + datetime.timedelta(days=10)).isoformat(), **crisis)
                elif kind == "ratification_missing":
                    d = line(date, "cfo", 10_000_000, "capital", sup, **crisis)
                else:
                    d = line(date, "cfo", 10_000_000, "capital", sup,
                             ratified=(date + datetime.timedelta(days=3)).isoformat(), **crisis)
                    kind = None
                if kind:
                    expect.append([kind, [no]])
            else:
                who = "cfo" if rng.random() < 0.1 else "ceo"
                d = line(date, who, rng.randint(100, 2_000) * 100, "revenue", "Supplier %06d" % rng.randrange(pool))
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    assert not pending, "a split's second line fell past the end"
    expect.sort(key=lambda e: (e[1][-1], e[0]))
    with open(a.expect, "w", encoding="utf-8") as f:
        json.dump(expect, f)


if __name__ == "__main__":
    main()
