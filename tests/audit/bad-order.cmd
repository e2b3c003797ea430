examples/icb-scheme.remit --history tests/audit/bad-order.jsonl
