"""The data beside each table, as CSV and JSON files: the bytes `ledger show` and `ledger
summary` print for the same selection, made by the same code (output/render.py), so a download and the
command line never disagree and data text is escaped the way each format escapes it.
"""

from __future__ import annotations

from ledger.model.models import Ledger
from ledger.output import render
from ledger.output.render import OutputFormat
from ledger.report.pages import Download

FORMATS = (OutputFormat.CSV, OutputFormat.JSON)


def files(ledger: Ledger, downloads: list[Download]) -> dict[str, str]:
    """Each download's files, by their path inside the site."""
    return {f"{d.stem}.{fmt.value}": _text(ledger, d, fmt) for d in downloads for fmt in FORMATS}


def _text(ledger: Ledger, download: Download, fmt: OutputFormat) -> str:
    if download.summary is not None:
        output = render.summary_output(download.summary, fmt)
    else:
        output = render.render(render.commitments_view(ledger, download.commitments), fmt)
    if isinstance(output, render.CsvTable):
        return render.to_csv(output)  # neutralised cells, as `ledger show --format csv` prints them
    if not isinstance(output, str):
        raise TypeError(f"{fmt} is a machine format: its output is text")
    return output
