examples/icb-scheme.remit --history tests/audit/bad-rows.csv
