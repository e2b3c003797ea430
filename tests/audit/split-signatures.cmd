examples/icb-scheme.remit --history tests/audit/split-signatures.jsonl
