examples/icb-scheme.remit --history tests/audit/empty-list.json
