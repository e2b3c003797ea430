examples/icb-scheme.remit --history tests/audit/crlf.csv --format json
