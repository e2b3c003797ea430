examples/icb-scheme.remit tests/stress/escalation-top.yaml
