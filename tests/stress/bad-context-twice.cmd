examples/icb-scheme.remit tests/stress/bad-context-twice.yaml
