examples/icb-scheme.remit tests/stress/no-such-scenario.yaml
