tests/stress/by-role/policy.remit tests/stress/by-role.yaml
