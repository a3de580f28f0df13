"""`python -m ledger`, the same as the `ledger` command."""

from ledger.entry import run

run(prog_name="ledger")
