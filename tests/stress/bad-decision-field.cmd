examples/icb-scheme.remit tests/stress/bad-decision-field.yaml
