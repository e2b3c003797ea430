examples/icb-scheme.remit --history tests/audit/long-ledger.jsonl --split-within none
