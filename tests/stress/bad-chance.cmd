examples/icb-scheme.remit tests/stress/bad-chance.yaml
