examples/icb-scheme.remit --register examples/registers/icb-scheme.yaml --history examples/ledgers/icb-scheme.jsonl --as-of 2026-12-31 --split-within none
