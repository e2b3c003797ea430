tests/stress/two-roles/policy.remit tests/stress/two-roles.yaml
