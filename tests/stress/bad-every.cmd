examples/icb-scheme.remit tests/stress/bad-every.yaml
