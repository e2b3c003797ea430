examples/icb-scheme.remit --history tests/audit/no-such-ledger.jsonl
