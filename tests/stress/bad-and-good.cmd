examples/icb-scheme.remit tests/stress/bad-missing-from.yaml tests/stress/no-route.yaml
