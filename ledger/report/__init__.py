"""`ledger report OUTDIR`: a static, self-contained HTML site of the ledger.

Three steps, apart: `pages` turns core results into plain page contexts, its tables the views'
documents the commands print (`tables`) and the rest in the shared words (`parts`); `html` lays
them out with autoescaping templates; `writing` puts the files into OUTDIR. Beside each table
the site offers its data as CSV and JSON (`downloads`), the same bytes the command line prints.
URLs are stable: index.html, meetings/<id>.html, parties/<code>.html.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledger import __version__
from ledger.core.summary import party_order
from ledger.model.models import Ledger
from ledger.report import downloads, html, pages
from ledger.report.parts import Site
from ledger.report.writing import MANIFEST, write_site

__all__ = ["MANIFEST", "Stamp", "build_site", "write_site"]

Stamp = tuple[str, dt.date, bool]
"""The data file's last commit, its date, and whether the file changed since (`gitio.last_commit`)."""


def build_site(ledger: Ledger, data_name: str, stamp: Stamp | None) -> dict[str, str]:
    """Every file of the report, pages and data, by its path inside the output folder."""
    site = Site(ledger)
    built = [("index.html", "index.html", pages.index(site))]
    built += [(f"meetings/{m.id}.html", "meeting.html", pages.meeting(site, m)) for m in site.meetings]
    built += [
        (f"parties/{p.code}.html", "party.html", pages.party(site, p)) for p in sorted(ledger.parties, key=party_order)
    ]
    footer = _footer(data_name, stamp)
    files = {path: html.page(template, {**context, **footer}) for path, template, (context, _) in built}
    files.update(downloads.files(ledger, [d for *_, (_, offered) in built for d in offered]))
    return files


def _footer(data_name: str, stamp: Stamp | None) -> dict[str, Any]:
    """What every page's footer says: the version, the data file, and its commit when known."""
    return {"version": __version__, "data_name": data_name, "stamp": stamp}
