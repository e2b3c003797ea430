tests/stress/chair/policy.remit tests/stress/chair-declared.yaml
