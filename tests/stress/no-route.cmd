examples/icb-scheme.remit tests/stress/no-route.yaml
