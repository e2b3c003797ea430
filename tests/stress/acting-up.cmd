examples/icb-scheme.remit tests/stress/acting-up.yaml
