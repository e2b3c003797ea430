examples/icb-scheme.remit tests/stress/bad-unknown-decider.yaml
