examples/icb-scheme.remit --history tests/audit/split-window.jsonl
