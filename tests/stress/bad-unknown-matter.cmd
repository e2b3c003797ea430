examples/icb-scheme.remit tests/stress/bad-unknown-matter.yaml
