examples/icb-scheme.remit tests/stress/quorum-absences.yaml
