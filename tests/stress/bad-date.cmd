examples/icb-scheme.remit tests/stress/bad-date.yaml
