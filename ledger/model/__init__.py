"""The ledger's vocabulary and frozen models: values only, no I/O."""
