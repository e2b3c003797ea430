examples/icb-scheme.remit tests/stress/bad-run-key.yaml
