examples/icb-scheme.remit tests/stress/bad-unknown-protocol.yaml
