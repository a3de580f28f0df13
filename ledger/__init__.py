"""ledger: a plain-text, git-native ledger of what parties commit to at international summits."""

__version__ = "0.1.0"
