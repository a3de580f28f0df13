"""`python -m ledger`, the same as the `ledger` command."""

from ledger.cli import run

run(prog_name="ledger")
