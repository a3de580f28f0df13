"""A static, self-contained HTML site of the ledger: what `ledger report OUTDIR` writes.

Pages are string templates whose values are escaped unless they are `Markup` this module
built, so no YAML value can inject markup or script. Nothing is loaded from elsewhere (no
JavaScript, fonts, styles or images): the site opens from a folder, prints and archives as it
is. URLs are stable: index.html, meetings/<id>.html, parties/<code>.html.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from string import Template
from typing import cast

from ledger import __version__, folders, query
from ledger.diff import Diff
from ledger.errors import LedgerError, UsageError
from ledger.models import Commitment, Dispute, Ledger, Meeting, MeetingKind, Party, Source
from ledger.render import as_of_phrase, count_phrase, date_span, format_interval, format_quantity
from ledger.summary import (
    GRID_STATUSES,
    HELD_STATUSES,
    SEVERAL,
    SYMBOLS,
    Cell,
    Grid,
    Summary,
    Total,
    latest_date,
    meeting_at,
    party_order,
    summarise,
    tabulate,
    totals_for_people,
)

Stamp = tuple[str, dt.date, bool]
"""The data file's last commit, its date, and whether the file changed since (`gitio.last_commit`)."""

MANIFEST = ".ledger-report"
"""The list of files a report wrote: the next report may replace those, and touches nothing else."""

_OWN_FILE = re.compile(r"index\.html|meetings/[a-z0-9.-]+\.html|parties/[A-Z0-9-]+\.html")
_MANIFEST_LIMIT = 4 * 2**20  # a hundred thousand pages' names
_NO_LINK_TO_OUTDIR = "give the report's folder by a path that does not go through a link"
_NO_LINK_INSIDE = "the report writes only inside {outdir}, never through a link"
_PAGE_MODE = 0o666  # as for any file the user creates: the umask decides who else may read it


class Markup(str):
    """HTML this module built; any other value is text, and is escaped where it is placed."""


def escape(value: object) -> Markup:
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


def fill(template: str, **values: object) -> Markup:
    """The template with each `$name` replaced by its value, escaped unless it is Markup."""
    return Markup(Template(template).substitute({name: escape(value) for name, value in values.items()}))


def concat(parts: Iterable[object], separator: str = "") -> Markup:
    return Markup(separator.join(escape(part) for part in parts))


_CSS = Markup("""
:root { color: #1b1b1b; background: #fff; }
body { font: 16px/1.5 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0 auto;
  max-width: 78rem; padding: 0 1.25rem 2rem; }
a { color: #0a4a94; }
a:focus-visible { outline: 3px solid #0a4a94; outline-offset: 2px; }
header nav { padding: .75rem 0; border-bottom: 1px solid #c8c8c8; }
h1 { font-size: 1.75rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #c8c8c8; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
.meta, caption, body > footer { color: #4a4a4a; }
table { border-collapse: collapse; margin: .75rem 0; }
caption { text-align: left; padding: .25rem 0; }
th, td { border: 1px solid #c8c8c8; padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #eef0f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
.matrix th, .matrix td { font-size: .85rem; padding: .15rem .3rem; }
.matrix td { text-align: center; font-size: 1.1rem; min-width: 2.2rem; }
.matrix td a { display: block; color: inherit; text-decoration: none; }
.matrix thead th { vertical-align: bottom; }
.matrix thead th.kind { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; white-space: nowrap; }
.matrix tbody th { min-width: 9rem; }
td .sources { margin: 0; padding-left: 1rem; }
td.status { white-space: nowrap; }
.sym { font-weight: bold; }
.s-fulfilled { background: #dce8ff; color: #0b3a8a; }
.s-committed { background: #d4efd4; color: #0e4a0e; }
.s-conditional { background: #fff0bf; color: #574000; }
.s-considering { background: #d6f1f6; color: #084553; }
.s-refused { background: #fbd7d7; color: #8a0f0f; }
.s-withdrawn { background: #e4e4e4; color: #333; }
.s-none { color: #6b6b6b; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; }
.legend li span { display: inline-block; min-width: 1.6rem; text-align: center; }
.sources, .changes, .meetings { padding-left: 1.25rem; }
article.commitment { border-left: 4px solid #c8c8c8; padding-left: .75rem; margin: 1rem 0; }
article.commitment:target { border-left-color: #0a4a94; background: #f3f7fc; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0 1rem; margin: .25rem 0; }
dt { font-weight: bold; }
dd { margin: 0; }
blockquote { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid #c8c8c8; }
.disputed { background: #fff7e6; padding: .25rem .75rem; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -100rem; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; }
body > footer { margin-top: 3rem; border-top: 1px solid #c8c8c8; font-size: .9rem; }
blockquote footer { color: #4a4a4a; }
@media print {
  header nav, .skip, .pager { display: none; }
  body { max-width: none; font-size: 10.5pt; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .sources a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em; word-break: break-all; }
  td, th, .sym { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr, article { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
""")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ledger $version">
<title>$title</title>
<style>$css</style>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><nav aria-label="Site"><a href="${root}index.html">Overview</a> ·
<a href="${root}index.html#meetings">Meetings</a> · <a href="${root}index.html#parties">Parties</a></nav></header>
<main id="main">
$body
</main>
<footer><p>$footer</p></footer>
</body>
</html>
"""


@dataclass(frozen=True)
class _Site:
    """The ledger and what every page looks things up in; `root` prefixes links from a page."""

    ledger: Ledger
    data_name: str
    stamp: Stamp | None

    @cached_property
    def parties(self) -> dict[str, Party]:
        return {p.code: p for p in self.ledger.parties}

    @cached_property
    def meetings(self) -> tuple[Meeting, ...]:
        return tuple(sorted(self.ledger.meetings, key=lambda m: (m.date, m.id)))

    @cached_property
    def meeting_by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.ledger.meetings}

    @cached_property
    def commitment_by_id(self) -> dict[str, Commitment]:
        return {c.id: c for c in self.ledger.commitments}

    @cached_property
    def superseded_by(self) -> dict[str, list[Commitment]]:
        later: dict[str, list[Commitment]] = {}
        for commitment in query.sort_commitments(self.ledger, self.ledger.commitments):
            if commitment.supersedes:
                later.setdefault(commitment.supersedes, []).append(commitment)
        return later

    def party_name(self, code: str) -> str:
        party = self.parties.get(code)
        return party.name if party else code

    def party_link(self, code: str, root: str) -> Markup:
        if code not in self.parties:
            return escape(code)
        return fill('<a href="${root}parties/$code.html">$name</a>', root=root, code=code, name=self.party_name(code))

    def meeting_link(self, meeting_id: str, root: str, text: str | None = None) -> Markup:
        meeting = self.meeting_by_id.get(meeting_id)
        label = text or (f"{meeting.title}, {meeting.date.isoformat()}" if meeting else meeting_id)
        return fill('<a href="${root}meetings/$id.html">$label</a>', root=root, id=meeting_id, label=label)

    def commitment_href(self, commitment: Commitment, root: str) -> str:
        return f"{root}parties/{commitment.party}.html#c-{commitment.id}"

    def page(self, title: str, body: Markup, root: str) -> str:
        return fill(
            _PAGE,
            version=__version__,
            title=title,
            css=_CSS,
            root=root,
            body=body,
            footer=self.footer(),
        )

    def footer(self) -> Markup:
        built = f"Built with ledger {__version__} from {self.data_name}."
        if self.stamp is None:
            return escape(built)
        commit, day, modified = self.stamp
        since = " The file has changed since that commit." if modified else ""
        return fill(
            '$built Data as of commit <code title="$commit">$short</code> ($day).$since',
            built=built,
            commit=commit,
            short=commit[:12],
            day=day.isoformat(),
            since=since,
        )


def build_site(ledger: Ledger, data_name: str, stamp: Stamp | None) -> dict[str, str]:
    """Every page of the report, by its path inside the output folder."""
    site = _Site(ledger, data_name, stamp)
    pages = {"index.html": _index_page(site)}
    for meeting in site.meetings:
        pages[f"meetings/{meeting.id}.html"] = _meeting_page(site, meeting)
    for party in sorted(ledger.parties, key=party_order):
        pages[f"parties/{party.code}.html"] = _party_page(site, party)
    return pages


def write_site(pages: Mapping[str, str], outdir: Path) -> None:
    """Write the pages into `outdir`, which must be new, empty or an earlier report. Files the
    earlier report listed and this one does not are deleted; nothing else is touched.

    `outdir` may be a checkout someone else wrote, so every name is opened relative to a folder
    already opened, and a symbolic link among the names the report would touch (the folder, its
    list of files, its sub-folders and pages) stops it before it writes anything. Each file is
    replaced whole, and the list names every file a run may leave behind before that file exists.
    """
    try:
        root = _open_outdir(outdir)
        try:
            _write_into(root, pages, outdir)
        finally:
            os.close(root)
    except OSError as exc:
        raise LedgerError(f"cannot write the report into {outdir}: {exc.strerror or exc}") from None


def _open_outdir(outdir: Path) -> int:
    """`outdir`, created when missing and opened. The parents of an absolute path are the user's
    own and are followed; the parts of a relative one lie under the current folder, maybe a
    checkout, and each is entered without following a link."""
    if outdir.is_absolute():
        outdir.parent.mkdir(parents=True, exist_ok=True)
        base, parts = outdir.parent, [outdir.name] if outdir.name else []
    else:
        base, parts = Path("."), list(outdir.parts)
    folder = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    reached = base
    for part in parts:
        reached = reached / part
        try:
            found = folders.kind(folder, part)
            if found is None:
                with suppress(FileExistsError):
                    os.mkdir(part, dir_fd=folder)
            else:
                _refuse_other_kind(reached, found, stat.S_IFDIR, _NO_LINK_TO_OUTDIR, UsageError)
            inner = folders.open_folder(part, folder)
        finally:
            os.close(folder)
        folder = inner
    return folder


def _write_into(root: int, pages: Mapping[str, str], outdir: Path) -> None:
    stale = _earlier_report(root, outdir) - pages.keys()
    no_link = _NO_LINK_INSIDE.format(outdir=outdir)
    opened = {"": root}  # folders by their name inside outdir
    try:
        for name in sorted({*pages, *stale}):  # every check before the first write
            where, _, base = name.rpartition("/")
            if where not in opened:
                found = folders.kind(root, where)
                if found is None:
                    continue  # a new folder holds nothing to check
                _refuse_other_kind(outdir / where, found, stat.S_IFDIR, no_link)
                opened[where] = folders.open_folder(where, root)
            found = folders.kind(opened[where], base)
            if found is not None:
                _refuse_other_kind(outdir / name, found, stat.S_IFREG, no_link)
        _write_manifest(root, {*pages, *stale})
        for name, text in sorted(pages.items()):
            where, _, base = name.rpartition("/")
            if where not in opened:
                with suppress(FileExistsError):
                    os.mkdir(where, dir_fd=root)
                opened[where] = folders.open_folder(where, root)
            folders.replace_file(opened[where], base, text.encode("utf-8"), _PAGE_MODE)
        if stale:
            for name in sorted(stale):
                where, _, base = name.rpartition("/")
                if where in opened:
                    with suppress(FileNotFoundError):
                        os.unlink(base, dir_fd=opened[where])
            _write_manifest(root, pages.keys())
    finally:
        for where, descriptor in opened.items():
            if where:
                os.close(descriptor)


def _refuse_other_kind(
    path: Path, found: int, wanted: int, no_link: str, error: type[LedgerError] = LedgerError
) -> None:
    """Stop unless `path` is of the kind the report writes there (a folder or a regular file)."""
    if found == stat.S_IFLNK:
        raise error(f"{path} is a symbolic link; {no_link}")
    if found != wanted:
        raise error(f"{path} exists and is not a {'directory' if wanted == stat.S_IFDIR else 'regular file'}")


def _earlier_report(root: int, outdir: Path) -> set[str]:
    """The files an earlier report in `outdir` wrote; a folder with anything else is refused."""
    with os.scandir(root) as listing:
        if next(listing, None) is None:
            return set()
    found = folders.kind(root, MANIFEST)
    if found is None:
        raise UsageError(
            f"{outdir} is not empty and holds no earlier report ({MANIFEST} is missing); give a new or empty directory"
        )
    manifest = outdir / MANIFEST
    _refuse_other_kind(manifest, found, stat.S_IFREG, _NO_LINK_INSIDE.format(outdir=outdir))
    data = folders.read_regular(root, MANIFEST, _MANIFEST_LIMIT)
    if data is None:
        raise LedgerError(f"{manifest} is over {_MANIFEST_LIMIT // 2**20} MiB; no report lists that many files")
    listed = data.decode("utf-8", errors="replace").splitlines()
    return {name for name in listed if _OWN_FILE.fullmatch(name)}


def _write_manifest(root: int, names: Iterable[str]) -> None:
    folders.replace_file(root, MANIFEST, "".join(f"{name}\n" for name in sorted(names)).encode("utf-8"), _PAGE_MODE)


# -- pages ------------------------------------------------------------------------------------


def _index_page(site: _Site) -> str:
    ledger = site.ledger
    cutoff = latest_date(ledger)
    counts = query.commitment_counts(ledger)
    meetings = concat(
        fill(
            "<li>$link — $place · $entries</li>",
            link=site.meeting_link(m.id, "", f"{date_span(m)}: {m.title}"),
            place=m.place,
            entries=count_phrase(counts[1].get(m.id, 0), "commitment"),
        )
        for m in site.meetings
    )
    parties = concat(
        fill(
            "<li>$link ($code) · $entries</li>",
            link=site.party_link(p.code, ""),
            code=p.code,
            entries=count_phrase(counts[0].get(p.code, 0), "commitment"),
        )
        for p in sorted(ledger.parties, key=party_order)
    )
    body = fill(
        """<h1>Commitments at a glance</h1>
$glance
<h2 id="meetings">Meetings</h2>
<p>Each meeting's page shows its attendees, documents and commitments, what changed since the
meeting before, and the position as of that meeting.</p>
<ol class="meetings">$meetings</ol>
<h2 id="parties">Parties</h2>
<ul class="meetings">$parties</ul>""",
        glance=_glance(site, cutoff) if cutoff else Markup("<p>No meetings are recorded yet: no position to show.</p>"),
        meetings=meetings,
        parties=parties,
    )
    return site.page("Commitments at a glance", body, "")


def _glance(site: _Site, cutoff: dt.date) -> Markup:
    """The position as of the latest meeting: the matrix and the totals."""
    position = query.as_of(site.ledger, cutoff)
    grid = tabulate(site.ledger, position, cutoff)
    return fill(
        """<p class="meta">The position $as_of: for each party and kind, its latest commitment made at or before
that meeting. Each cell links to the commitment and its sources.</p>
<h2 id="matrix">Who is in, on what</h2>
$matrix
<h2 id="totals">Totals</h2>
$totals""",
        as_of=_as_of(site, grid.cutoff, grid.meeting, ""),
        matrix=_matrix(site, grid, ""),
        totals=_totals(summarise(site.ledger, position, cutoff)),
    )


def _meeting_page(site: _Site, meeting: Meeting) -> str:
    ledger, root = site.ledger, "../"
    previous = max((m for m in site.meetings if m.date < meeting.date), key=lambda m: (m.date, m.id), default=None)
    stated = query.select(ledger, query.Filter(meeting=meeting.id))
    position = query.as_of(ledger, meeting.date)
    index = site.meetings.index(meeting)
    pager = concat(
        fill('<a rel="$rel" href="$id.html">$label</a>', rel=rel, id=m.id, label=f"{label}: {m.title}, {m.date}")
        for rel, label, m in (
            ("prev", "Previous", site.meetings[index - 1] if index else None),
            ("next", "Next", site.meetings[index + 1] if index + 1 < len(site.meetings) else None),
        )
        if m is not None
    )
    body = fill(
        """<h1>$title</h1>
<p class="meta">$date · $place · $format$kind</p>
$facts
$attendees
$documents
<h2 id="sources">Sources</h2>
$sources
$disputed
<h2 id="commitments">Commitments stated at this meeting</h2>
$commitments
<h2 id="changes">What changed since the previous meeting</h2>
$changes
<h2 id="position">Positions as of this meeting</h2>
$matrix
<nav class="pager" aria-label="Meetings">$pager</nav>""",
        title=meeting.title,
        date=date_span(meeting),
        place=meeting.place,
        format=meeting.format.value,
        kind=" · not a coalition meeting" if meeting.kind is not MeetingKind.COALITION else "",
        facts=_meeting_facts(site, meeting, root),
        attendees=_attendees(site, meeting, root),
        documents=_documents(site, meeting, root),
        sources=_sources(meeting.sources),
        disputed=_disputes(meeting.disputed, "h2"),
        commitments=_commitments_table(site, stated, root, caption=count_phrase(len(stated), "commitment"))
        if stated
        else Markup("<p>None recorded.</p>"),
        changes=_changes(site, meeting, previous, root),
        matrix=_matrix(site, tabulate(ledger, position, meeting.date), root),
        pager=pager,
    )
    return site.page(f"{meeting.title}, {meeting.date}", body, root)


def _party_page(site: _Site, party: Party) -> str:
    ledger, root = site.ledger, "../"
    history = query.sort_commitments(ledger, (c for c in ledger.commitments if c.party == party.code))
    cutoff = latest_date(ledger)
    held = [c for c in query.as_of(ledger, cutoff) if c.party == party.code] if cutoff else []
    aliases = f" · also called {', '.join(party.aliases)}" if party.aliases else ""
    position = (
        _commitments_table(
            site,
            held,
            root,
            caption=f"Position {as_of_phrase(cutoff, meeting_at(ledger, cutoff))}",
            party_column=False,
        )
        if held and cutoff
        else Markup("<p>No position in force.</p>")
    )
    body = fill(
        """<h1>$name</h1>
<p class="meta">$code · $kind$aliases</p>
<h2 id="position">Current position</h2>
$position
<h2 id="history">History</h2>
$history""",
        name=party.name,
        code=party.code,
        kind=party.kind.value,
        aliases=aliases,
        position=position,
        history=concat(_commitment_article(site, c, root) for c in history) or Markup("<p>Nothing recorded.</p>"),
    )
    return site.page(party.name, body, root)


# -- parts of pages ----------------------------------------------------------------------------


def _as_of(site: _Site, cutoff: dt.date, meeting: Meeting | None, root: str) -> Markup:
    if meeting is None:
        return escape(f"as of {cutoff.isoformat()}")
    return fill("as of $link", link=site.meeting_link(meeting.id, root))


def _matrix(site: _Site, grid: Grid, root: str) -> Markup:
    if not grid.rows:
        return Markup("<p>No party holds a position yet.</p>")
    heads = concat(fill('<th scope="col" class="kind">$kind</th>', kind=k.value) for k in grid.kinds)
    rows = concat(
        fill(
            '<tr><th scope="row">$party</th>$cells</tr>',
            party=site.party_link(row.party.code, root),
            cells=concat(
                _matrix_cell(site, row.party, kind.value, cell, root)
                for kind, cell in zip(grid.kinds, row.cells, strict=True)
            ),
        )
        for row in grid.rows
    )
    return fill(
        """<div class="scroll"><table class="matrix">
<caption>Positions $as_of: one row per party, one column per kind of commitment.</caption>
<thead><tr><th scope="col">Party</th>$heads</tr></thead>
<tbody>$rows</tbody>
</table></div>
$legend""",
        as_of=as_of_phrase(grid.cutoff, grid.meeting),
        heads=heads,
        rows=rows,
        legend=_legend(),
    )


def _matrix_cell(site: _Site, party: Party, kind: str, cell: Cell, root: str) -> Markup:
    """The cell's symbol, its status words for screen readers, and a link to its strongest claim."""
    if not cell.commitments:
        return fill(
            '<td class="s-none"><span aria-hidden="true">$symbol</span><span class="vh">none</span></td>',
            symbol=cell.symbol,
        )
    first, others = cell.commitments[0], len(cell.commitments) - 1
    more = f" (and {others} more)" if others else ""
    return fill(
        '<td class="s-$status"><a href="$href" title="$title"><span class="sym" aria-hidden="true">$symbol</span>'
        '<span class="vh">$words</span></a></td>',
        status=cell.status,
        href=site.commitment_href(first, root),
        title=f"{party.name}, {kind}: {cell.status} — {first.summary}{more}",
        symbol=cell.symbol,
        words=", ".join(c.status.value for c in cell.commitments),
    )


def _legend() -> Markup:
    items = concat(
        fill(
            '<li><span class="sym s-$status" aria-hidden="true">$symbol</span> $status</li>',
            status=s,
            symbol=SYMBOLS[s],
        )
        for s in GRID_STATUSES
    )
    several = fill('<li><span aria-hidden="true">$plus</span> several; the strongest is shown</li>', plus=SEVERAL)
    return fill('<ul class="legend" aria-label="Legend">$items$several</ul>', items=items, several=several)


def _totals(summary: Summary) -> Markup:
    heads = concat(fill('<th scope="col">$status</th>', status=s) for s in HELD_STATUSES)
    rows = concat(
        fill(
            '<tr><th scope="row">$kind</th>$cells<td class="n">$total</td></tr>',
            kind=kind.value,
            cells=concat(fill('<td class="n">$n</td>', n=by_status.get(s, 0)) for s in HELD_STATUSES),
            total=sum(by_status.values()),
        )
        for kind, by_status in summary.counts.items()
    )
    counts = fill(
        """<table><caption>Commitments in the position, by kind and status ($n in all)</caption>
<thead><tr><th scope="col">Kind</th>$heads<th scope="col">Total</th></tr></thead>
<tbody>$rows</tbody></table>""",
        n=summary.commitments,
        heads=heads,
        rows=rows,
    )
    return concat([counts, *(_totals_table(totals, caption) for caption, totals in totals_for_people(summary))])


def _totals_table(totals: Sequence[Total], caption: str) -> Markup:
    if not totals:
        return Markup("")
    rows = concat(
        fill(
            '<tr><th scope="row">$kind</th><td>$by</td><td>$status</td>'
            '<td class="n">$n</td><td class="n">$total</td></tr>',
            kind=t.kind.value,
            by=t.group or "parties",
            status=t.status,
            n=t.count,
            total=format_interval(t.low, t.high, t.unit),
        )
        for t in totals
    )
    apart = (
        " A group's figures stay apart: they already include its members' own." if any(t.group for t in totals) else ""
    )
    return fill(
        """<table><caption>$caption. “Offered” adds every status but refused.$apart</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">By</th><th scope="col">Status</th><th scope="col">Entries</th>\
<th scope="col">Total</th></tr></thead>
<tbody>$rows</tbody></table>""",
        caption=caption,
        apart=apart,
        rows=rows,
    )


def _meeting_facts(site: _Site, meeting: Meeting, root: str) -> Markup:
    facts: list[tuple[str, Markup]] = []
    if meeting.hosts:
        facts.append(("Hosts", concat((site.party_link(h, root) for h in meeting.hosts), ", ")))
    if meeting.participants:
        count = meeting.participants.count
        stated = meeting.participants.as_stated
        facts.append(("Participants", escape(stated if count is None else f"{count} ({stated})")))
    if meeting.notes:
        facts.append(("Notes", escape(meeting.notes)))
    return _definitions(facts)


def _definitions(facts: Sequence[tuple[str, Markup]]) -> Markup:
    if not facts:
        return Markup("")
    items = concat(fill("<dt>$term</dt><dd>$value</dd>", term=term, value=value) for term, value in facts)
    return fill("<dl>$items</dl>", items=items)


def _attendees(site: _Site, meeting: Meeting, root: str) -> Markup:
    if not meeting.attendees:
        return Markup("")
    rows = concat(
        fill(
            '<tr><th scope="row">$name</th><td>$role</td><td>$party</td></tr>',
            name=a.name,
            role=a.role,
            party=site.party_link(a.party, root) if a.party else "",
        )
        for a in meeting.attendees
    )
    return fill(
        """<h2 id="attendees">Attendees</h2>
<table><caption>People named as attending</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">For</th></tr></thead>
<tbody>$rows</tbody></table>""",
        rows=rows,
    )


def _documents(site: _Site, meeting: Meeting, root: str) -> Markup:
    if not meeting.documents:
        return Markup("")
    rows = concat(
        fill(
            '<tr><th scope="row">$title</th><td>$signatories</td></tr>',
            title=fill('<a href="$url">$title</a>', url=d.url, title=d.title) if d.url else d.title,
            signatories=concat((site.party_link(code, root) for code in d.signatories), ", "),
        )
        for d in meeting.documents
    )
    return fill(
        """<h2 id="documents">Documents</h2>
<table><caption>Texts the meeting adopted</caption>
<thead><tr><th scope="col">Title</th><th scope="col">Signatories</th></tr></thead>
<tbody>$rows</tbody></table>""",
        rows=rows,
    )


def _sources(sources: Sequence[Source]) -> Markup:
    items = concat(
        fill(
            '<li><a href="$url">$publisher</a>$date · $reliability</li>',
            url=s.url,
            publisher=s.publisher,
            date=f", {s.date.isoformat()}" if s.date else "",
            reliability=s.reliability.value,
        )
        for s in sources
    )
    return fill('<ul class="sources">$items</ul>', items=items)


def _disputes(disputes: Sequence[Dispute], heading: str) -> Markup:
    if not disputes:
        return Markup("")
    items = concat(fill("<li>$reason $sources</li>", reason=d.reason, sources=_sources(d.sources)) for d in disputes)
    return fill(
        '<section class="disputed"><$h>Disputed</$h><p>Sources that say otherwise:</p><ul>$items</ul></section>',
        h=Markup(heading),
        items=items,
    )


def _status(status: str) -> Markup:
    return fill(
        '<span class="sym s-$status" aria-hidden="true">$symbol</span> $status', status=status, symbol=SYMBOLS[status]
    )


def _commitments_table(
    site: _Site, commitments: Sequence[Commitment], root: str, *, caption: str, party_column: bool = True
) -> Markup:
    rows = concat(
        fill(
            '<tr>$party<td>$kind</td><td class="status">$status</td><td><a href="$href">$summary</a></td>'
            "<td>$amount</td><td>$conditions</td><td>$sources</td></tr>",
            party=fill('<th scope="row">$link</th>', link=site.party_link(c.party, root)) if party_column else "",
            kind=c.kind.value,
            status=_status(c.status.value),
            href=site.commitment_href(c, root),
            summary=c.summary,
            amount=format_quantity(c.quantity),
            conditions="; ".join(c.conditions),
            sources=_sources(c.sources),
        )
        for c in commitments
    )
    party_head = Markup('<th scope="col">Party</th>') if party_column else ""
    return fill(
        """<div class="scroll"><table><caption>$caption</caption>
<thead><tr>$party_head<th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Summary</th>\
<th scope="col">Amount</th><th scope="col">Conditions</th><th scope="col">Sources</th></tr></thead>
<tbody>$rows</tbody></table></div>""",
        caption=caption,
        party_head=party_head,
        rows=rows,
    )


def _changes(site: _Site, meeting: Meeting, previous: Meeting | None, root: str) -> Markup:
    """The position as of the previous meeting against this one's, lineage by lineage."""
    if previous is None:
        return Markup("<p>This is the first meeting in the ledger.</p>")
    before = query.position_by_lineage(site.ledger, previous.date)
    after = query.position_by_lineage(site.ledger, meeting.date)
    result = query.position_diff(before, after)
    return fill(
        "<p>Since $previous: $counts.</p>$items",
        previous=site.meeting_link(previous.id, root),
        counts=_change_counts(result),
        items=_change_list(site, result, root),
    )


def _change_counts(result: Diff) -> str:
    section = result.sections[0]
    return ", ".join(
        [
            f"{len(section.added)} new",
            f"{len(section.changed)} changed",
            f"{len(section.removed)} ended",
            f"{section.unchanged} unchanged",
        ]
    )


def _change_list(site: _Site, result: Diff, root: str) -> Markup:
    section = result.sections[0]
    items = [(cast(Commitment, e.record), "new", Markup("")) for e in section.added]
    items += [(cast(Commitment, e.record), "ended", Markup("")) for e in section.removed]
    for change in section.changed:
        fields = concat(
            fill("<li>$field: $old → $new</li>", field=f.field, old=_value(f.old), new=_value(f.new))
            for f in change.fields
            if f.field.partition(".")[0] in query.POSITION_FIELDS
        )
        items.append((cast(Commitment, change.new), "changed", fill("<ul>$fields</ul>", fields=fields)))
    if not items:
        return Markup("")
    ordered = sorted(items, key=lambda item: (party_order(site.parties[item[0].party]), item[0].kind.value, item[0].id))
    return fill(
        '<ul class="changes">$items</ul>',
        items=concat(
            fill(
                '<li><strong>$what</strong> · $party · $kind · $status: <a href="$href">$summary</a>$fields</li>',
                what=what,
                party=site.party_link(c.party, root),
                kind=c.kind.value,
                status=_status(c.status.value),
                href=site.commitment_href(c, root),
                summary=c.summary,
                fields=fields,
            )
            for c, what, fields in ordered
        ),
    )


def _value(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "none"
    return str(value)


def _commitment_article(site: _Site, c: Commitment, root: str) -> Markup:
    facts: list[tuple[str, Markup]] = []
    if c.quantity:
        facts.append(("Amount", escape(f"{format_quantity(c.quantity)} (as stated: {c.quantity.as_stated})")))
    for term, value in (("Period", c.period), ("Conditions", "; ".join(c.conditions)), ("Where", c.location)):
        if value:
            facts.append((term, escape(value)))
    if c.supersedes:
        earlier = site.commitment_by_id.get(c.supersedes)
        facts.append(("Revises", _commitment_link(site, earlier, root) if earlier else escape(c.supersedes)))
    later = site.superseded_by.get(c.id, [])
    if later:
        facts.append(("Revised by", concat((_commitment_link(site, x, root) for x in later), ", ")))
    if c.notes:
        facts.append(("Notes", escape(c.notes)))
    quote = (
        fill(
            '<blockquote lang="$lang"><p>$text</p>$speaker</blockquote>',
            lang=c.quote.lang,
            text=c.quote.text,
            speaker=fill("<footer>— $speaker</footer>", speaker=c.quote.speaker) if c.quote.speaker else "",
        )
        if c.quote
        else ""
    )
    return fill(
        """<article class="commitment" id="c-$id">
<h3>$kind · $status · $meeting</h3>
<p>$summary</p>
$facts$quote
<h4>Sources</h4>
$sources
$disputed
</article>""",
        id=c.id,
        kind=c.kind.value,
        status=_status(c.status.value),
        meeting=site.meeting_link(c.meeting, root),
        summary=c.summary,
        facts=_definitions(facts),
        quote=quote,
        sources=_sources(c.sources),
        disputed=_disputes(c.disputed, "h4"),
    )


def _commitment_link(site: _Site, c: Commitment, root: str) -> Markup:
    meeting = site.meeting_by_id.get(c.meeting)
    label = f"{c.kind.value}, {c.status.value}, {meeting.date.isoformat() if meeting else c.meeting}"
    return fill('<a href="$href">$label</a>', href=site.commitment_href(c, root), label=label)
