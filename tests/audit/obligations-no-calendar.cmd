tests/audit/obligations.remit --history tests/audit/obligations.jsonl --as-of 2026-06-30
