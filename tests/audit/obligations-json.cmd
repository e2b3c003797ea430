tests/audit/obligations.remit --calendar tests/audit/obligations.cal.yaml --history tests/audit/obligations.jsonl --as-of 2026-06-30 --format json
