examples/icb-scheme.remit --register examples/registers/icb-scheme.yaml --history tests/audit/ledger.csv
