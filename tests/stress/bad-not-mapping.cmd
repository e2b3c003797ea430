examples/icb-scheme.remit tests/stress/bad-not-mapping.yaml
