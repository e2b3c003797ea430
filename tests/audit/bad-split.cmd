examples/icb-scheme.remit --history tests/audit/same-day.jsonl --split-within 0
