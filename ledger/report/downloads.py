"""The data beside each table, as CSV and JSON files: the bytes `ledger show` and `ledger
summary` print for the same selection, from the same documents and format writers
(`ledger.output`), so a download and the command line never disagree and data text is escaped
the way each format escapes it.
"""

from __future__ import annotations

from collections.abc import Callable

from ledger.model.models import Ledger
from ledger.output.document import Document
from ledger.output.formats import OutputFormat, to_csv, to_json
from ledger.output.views.commitments import commitments_document
from ledger.output.views.glance import summary_document
from ledger.report.pages import Download

WRITERS: dict[OutputFormat, Callable[[Document], str]] = {
    OutputFormat.CSV: lambda document: to_csv(document.csv),  # neutralised cells, as `--format csv` prints them
    OutputFormat.JSON: lambda document: to_json(document.data),
}


def files(ledger: Ledger, downloads: list[Download]) -> dict[str, str]:
    """Each download's files, by their path inside the site."""
    return {f"{d.stem}.{fmt.value}": write(_document(ledger, d)) for d in downloads for fmt, write in WRITERS.items()}


def _document(ledger: Ledger, download: Download) -> Document:
    if download.summary is not None:
        return summary_document(download.summary)
    return commitments_document(ledger, download.commitments)
