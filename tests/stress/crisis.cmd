examples/icb-scheme.remit tests/stress/crisis.yaml
