"""From a file to a checked ledger: strict YAML, checks, the cache."""
