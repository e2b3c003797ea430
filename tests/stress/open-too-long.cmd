examples/neighbourhood-team.remit tests/stress/open-too-long.yaml
