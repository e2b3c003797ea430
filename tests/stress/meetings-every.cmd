examples/icb-scheme.remit tests/stress/meetings-every.yaml
