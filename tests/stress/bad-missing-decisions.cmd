examples/icb-scheme.remit tests/stress/bad-missing-decisions.yaml
