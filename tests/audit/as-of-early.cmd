examples/icb-scheme.remit --history tests/audit/same-day.jsonl --as-of 2026-01-01
