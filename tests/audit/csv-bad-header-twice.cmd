examples/icb-scheme.remit --history tests/audit/bad-header-twice.csv
