examples/icb-scheme.remit --history tests/audit/same-day-reversed.json --format json
