examples/icb-scheme.remit --history tests/audit/split-window.jsonl --split-within 10
