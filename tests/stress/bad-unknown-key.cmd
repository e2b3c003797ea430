examples/icb-scheme.remit tests/stress/bad-unknown-key.yaml
