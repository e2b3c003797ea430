examples/icb-scheme.remit tests/stress/bad-too-many.yaml
