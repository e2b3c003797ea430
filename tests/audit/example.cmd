examples/icb-scheme.remit --register examples/registers/icb-scheme.yaml --history examples/ledgers/icb-scheme.jsonl
