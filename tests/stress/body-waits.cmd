examples/icb-scheme.remit tests/stress/body-waits.yaml
