examples/icb-scheme.remit --history tests/audit/unreadable-line.jsonl
