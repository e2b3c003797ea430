examples/icb-scheme.remit tests/stress/bad-date-and-every.yaml
