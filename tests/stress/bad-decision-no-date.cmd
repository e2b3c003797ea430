examples/icb-scheme.remit tests/stress/bad-decision-no-date.yaml
