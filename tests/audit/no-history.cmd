examples/icb-scheme.remit
