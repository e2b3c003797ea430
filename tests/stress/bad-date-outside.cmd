examples/icb-scheme.remit tests/stress/bad-date-outside.yaml
