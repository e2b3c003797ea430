examples/icb-scheme.remit examples/scenarios/board-under-strain.yaml
