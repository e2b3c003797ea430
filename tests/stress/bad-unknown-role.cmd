examples/icb-scheme.remit tests/stress/bad-unknown-role.yaml
