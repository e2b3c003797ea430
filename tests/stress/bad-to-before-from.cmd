examples/icb-scheme.remit tests/stress/bad-to-before-from.yaml
