tests/stress/no-such-policy.remit examples/scenarios/board-under-strain.yaml
