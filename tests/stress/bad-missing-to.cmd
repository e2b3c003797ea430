examples/icb-scheme.remit tests/stress/bad-missing-to.yaml
