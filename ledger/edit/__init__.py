"""Writing the data file: its canonical layout (`ledger fmt`) and a checked new entry (`ledger add`).

Nothing here prints or exits; the CLI decides what to show and when to write.
"""
