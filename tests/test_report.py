"""`ledger report OUTDIR`: the static site and its data files, read back with an HTML parser."""

from __future__ import annotations

import html
import re
import shlex
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from posixpath import dirname, join, normpath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import __version__
from ledger.load.loader import load_bytes
from ledger.output.escape import HIDDEN
from ledger.report import MANIFEST, build_site
from ledger.report.html import field_markup, whole_dates
from ledger.report.parts import web_href

from .support import run

FIXTURE = """\
schema: 1
parties:
  - {code: DE, name: Germany, kind: country}
  - {code: IT, name: Italy, kind: country}
  - {code: PT, name: Portugal, kind: country}
  - {code: EVIL, name: "<b>Evil</b> & Co \\"group\\"", kind: group}
meetings:
  - id: paris-2025-09-04
    date: 2025-09-04
    title: First summit
    place: Paris
    format: hybrid
    hosts: [DE]
    participants: {count: 30, as_stated: about 30 leaders}
    attendees: [{name: Merz, role: Chancellor, party: DE}, {name: A guest, role: observer}]
    documents: [{title: Joint statement, signatories: [DE, IT], url: "https://example.org/doc"}]
    sources: [{url: "https://example.org/m1", publisher: Example, date: 2025-09-04, reliability: official}]
  - id: paris-2026-01-06
    date: 2026-01-06
    title: "Second summit </title><script>alert('title')</script>"
    place: Paris
    format: in-person
    sources: [{url: "https://example.org/m2?a=1&b=2", publisher: Example, reliability: official}]
    disputed:
      - reason: Another outlet counts 37 countries
        sources: [{url: "https://example.org/other", publisher: Other, reliability: major}]
commitments:
  - id: de-troops-1
    party: DE
    meeting: paris-2025-09-04
    kind: troops
    status: refused
    summary: No German troops for now
    sources: [{url: "https://example.org/de1", publisher: Example, reliability: major}]
  - id: de-troops-2
    party: DE
    meeting: paris-2026-01-06
    kind: troops
    status: considering
    summary: German forces could deploy to a neighbouring country
    supersedes: de-troops-1
    quote: {text: "Das ist möglich", lang: de, speaker: Merz}
    sources: [{url: "https://example.org/de2", publisher: Example, reliability: major}]
  - id: it-monitoring-1
    party: IT
    meeting: paris-2025-09-04
    kind: monitoring
    status: committed
    summary: Italy backs ceasefire monitoring
    sources: [{url: "https://example.org/it1", publisher: Example, reliability: major}]
  - id: it-monitoring-2
    party: IT
    meeting: paris-2026-01-06
    kind: monitoring
    status: withdrawn
    summary: Italy no longer offers monitors
    supersedes: it-monitoring-1
    sources: [{url: "https://example.org/it2", publisher: Example, reliability: major}]
  - id: evil-troops
    party: EVIL
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: "<script>alert(\\"x\\")</script> & <img src=x onerror=alert(1)>"
    quantity: {low: 1000, high: null, unit: troops, as_stated: "<i>thousands</i>"}
    conditions: ["</td></tr></table><h1>forged</h1>"]
    notes: "javascript:alert(1)"
    sources:
      - {url: "https://example.org/e?q=<x>&r=\\"y\\"", publisher: "<img src=x onerror=alert(2)>", reliability: major}
      - {url: "https://example.org/LONGPATH", publisher: Longwordpublisherwithoutanyspaceatall, reliability: major}
    disputed:
      - reason: "<style>body{display:none}</style>"
        sources: [{url: "https://example.org/d", publisher: Other, reliability: major}]
"""

FIXTURE = FIXTURE.replace("LONGPATH", "a" * 160)  # a URL no line can hold: it must wrap, not widen the page

PAGES = {
    "index.html",
    "meetings/paris-2025-09-04.html",
    "meetings/paris-2026-01-06.html",
    "parties/DE.html",
    "parties/EVIL.html",
    "parties/IT.html",
    "parties/PT.html",
}
DATA = {
    f"{stem}.{suffix}"
    for stem in ("commitments", "position", "summary", *(p.removesuffix(".html") for p in PAGES - {"index.html"}))
    for suffix in ("csv", "json")
} - {"parties/IT.csv", "parties/IT.json", "parties/PT.csv", "parties/PT.json"}  # no position, no table


class Page(HTMLParser):
    """What the tests look at in one page: tags, ids, links, text, and each table's headers."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.tables: list[dict[str, list[str | None]]] = []
        self.rows: list[list[str]] = []  # each body row's cells, as text
        self._where: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(tag, name, value) for name, value in attrs]
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "table":
            self.tables.append({"caption": [], "thead": [], "tbody": []})
        if tag in ("caption", "thead", "tbody"):
            self._where.append(tag)
            if tag == "caption":
                self.tables[-1]["caption"].append(None)
        if tag == "th" and self._where:
            self.tables[-1][self._where[-1]].append(values.get("scope"))
        if tag == "tr" and self._where[-1:] == ["tbody"]:
            self.rows.append([])
        if tag in ("th", "td") and self._where[-1:] == ["tbody"]:
            self._cell = []
        if self._cell is not None and values.get("class") == "beside":
            self._cell.append(" ")  # a column shown inside another: its own line

    def handle_endtag(self, tag: str) -> None:
        if tag in ("caption", "thead", "tbody") and self._where:
            self._where.pop()
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


@pytest.fixture
def site(tmp_path: Path, write_ledger: Callable[..., Path]) -> Path:
    outdir = tmp_path / "site"
    result = run("report", str(outdir), "--data", str(write_ledger(FIXTURE)))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote 7 pages and 14 data files; open {outdir / 'index.html'}\n"
    return outdir


def _pages(outdir: Path) -> dict[str, Page]:
    return {name: Page((outdir / name).read_text(encoding="utf-8")) for name in sorted(PAGES)}


def test_report_writes_one_page_per_meeting_and_per_party(site: Path) -> None:
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert written == PAGES | DATA | {MANIFEST}
    assert (site / MANIFEST).read_text(encoding="utf-8").splitlines() == sorted(PAGES | DATA)


def test_every_link_resolves_and_every_table_has_headers(site: Path) -> None:
    pages = _pages(site)
    for name, page in pages.items():
        assert page.tags["html"] == 1 and ("html", "lang", "en") in page.attributes, name
        assert page.tags["h1"] == 1, name
        for href in page.links:
            if href.startswith("https://"):
                continue
            path, _, fragment = href.partition("#")
            target = normpath(join(dirname(name), path)) if path else name
            if target in DATA:
                continue
            assert target in pages, f"{name}: {href} leads nowhere"
            assert not fragment or fragment in pages[target].ids, f"{name}: {href} has no target"
        for table in page.tables:
            assert table["caption"], f"{name}: a table without a caption"
            assert table["thead"] and set(table["thead"]) == {"col"}, f"{name}: column headers need scope=col"
            assert set(table["tbody"]) <= {"row"}, f"{name}: row headers need scope=row"


def test_the_site_loads_nothing_from_elsewhere(site: Path) -> None:
    for name, page in _pages(site).items():
        assert not {"script", "link", "img", "iframe", "object"} & set(page.tags), name
        assert not [a for a in page.attributes if a[1] == "src" or a[1].startswith("on")], name
        style = (site / name).read_text(encoding="utf-8").partition("<style>")[2].partition("</style>")[0]
        assert "url(" not in style and "@import" not in style


def test_a_yaml_value_never_becomes_markup(site: Path) -> None:
    pages = _pages(site)
    party = pages["parties/EVIL.html"]
    assert party.tags["h1"] == 1 and party.tags["style"] == 1 and party.tags["b"] == 0 and party.tags["i"] == 0
    assert '<script>alert("x")</script> & <img src=x onerror=alert(1)>' in party.plain
    assert "</td></tr></table><h1>forged</h1>" in party.plain
    assert "<style>body{display:none}</style>" in party.plain
    assert '<b>Evil</b> & Co "group"' in party.plain
    assert 'https://example.org/e?q=<x>&r="y"' in party.links
    meeting = pages["meetings/paris-2026-01-06.html"]
    assert meeting.tags["title"] == 1 and meeting.tags["script"] == 0
    assert "</title><script>alert('title')</script>" in meeting.plain


def test_the_index_shows_the_matrix_as_of_the_latest_meeting_and_a_meeting_picker(site: Path) -> None:
    index = _pages(site)["index.html"]
    assert "Positions as of paris-2026-01-06 (2026-01-06)" in index.plain
    assert "parties/DE.html#c-de-troops-2" in index.links  # the cell links to the claim and its sources
    assert "parties/IT.html#c-it-monitoring-1" not in index.links  # withdrawn: no longer a position
    picker = [link for link in index.links if link.startswith("meetings/") and "#" not in link]
    assert picker[-2:] == ["meetings/paris-2025-09-04.html", "meetings/paris-2026-01-06.html"]
    assert "parties/PT.html" in index.links  # a party with no position still has its page


def test_without_meetings_the_index_says_so_instead_of_a_made_up_date(
    tmp_path: Path, write_ledger: Callable[..., Path]
) -> None:
    data = write_ledger(
        "schema: 1\nparties: [{code: DE, name: Germany, kind: country}]\nmeetings: []\ncommitments: []\n"
    )
    assert run("report", str(tmp_path / "empty"), "--data", str(data)).exit_code == 0
    index = Page((tmp_path / "empty" / "index.html").read_text(encoding="utf-8")).plain
    assert "No meetings are recorded yet: no position to show." in index
    assert "0001" not in index
    party = Page((tmp_path / "empty" / "parties" / "DE.html").read_text(encoding="utf-8")).plain
    assert "No position in force." in party


def test_a_meeting_page_says_what_changed_since_the_previous_meeting(site: Path) -> None:
    page = _pages(site)["meetings/paris-2026-01-06.html"]
    text = page.plain
    assert "Since First summit, 2025-09-04, as ledger diff paris-2025-09-04 paris-2026-01-06 prints it." in text
    assert (
        "paris-2025-09-04 (2025-09-04) → paris-2026-01-06 (2026-01-06): commitments: 1 added, 1 ended, 1 changed"
        in text
    )
    assert ["changed", "de-troops-2", "meeting", "paris-2025-09-04", "paris-2026-01-06"] in page.rows
    assert ["", "", "status", "refused", "considering"] in page.rows
    assert ["ended", "it-monitoring-1", "monitoring, committed: Italy backs ceasefire monitoring"] in page.rows
    assert "Another outlet counts 37 countries" in text
    first = _pages(site)["meetings/paris-2025-09-04.html"]
    assert "This is the first meeting in the ledger." in first.plain
    assert ["Merz", "Chancellor", "Germany"] in first.rows and ["Joint statement", "Germany, Italy"] in first.rows


def test_a_party_page_gives_its_history_with_sources(site: Path) -> None:
    page = _pages(site)["parties/DE.html"]
    assert {"c-de-troops-1", "c-de-troops-2"} <= page.ids
    assert {"https://example.org/de1", "https://example.org/de2"} <= set(page.links)
    assert {"../parties/DE.html#c-de-troops-1", "../parties/DE.html#c-de-troops-2"} <= set(page.links)
    assert ("blockquote", "lang", "de") in page.attributes


def test_the_report_is_byte_identical_across_runs(site: Path, write_ledger: Callable[..., Path]) -> None:
    again = site.parent / "again"
    assert run("report", str(again), "--data", str(write_ledger(FIXTURE))).exit_code == 0
    for name in PAGES:
        assert (site / name).read_bytes() == (again / name).read_bytes(), name


def test_report_refuses_a_folder_that_holds_something_else(tmp_path: Path, write_ledger: Callable[..., Path]) -> None:
    outdir = tmp_path / "docs"
    outdir.mkdir()
    (outdir / "thesis.txt").write_text("mine", encoding="utf-8")
    result = run("report", str(outdir), "--data", str(write_ledger(FIXTURE)))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {outdir} is not empty and holds no earlier report ({MANIFEST} is missing); "
        "give a new or empty directory\n"
    )
    assert [p.name for p in outdir.iterdir()] == ["thesis.txt"]
    afile = tmp_path / "file.html"
    afile.write_text("x", encoding="utf-8")
    assert run("report", str(afile), "--data", str(write_ledger(FIXTURE))).stderr == (
        f"error: {afile} exists and is not a directory\n"
    )


def test_report_replaces_an_earlier_report_and_touches_nothing_else(
    site: Path, write_ledger: Callable[..., Path]
) -> None:
    (site / "README.txt").write_text("kept", encoding="utf-8")
    without_portugal = FIXTURE.replace("  - {code: PT, name: Portugal, kind: country}\n", "")
    result = run("report", str(site), "--data", str(write_ledger(without_portugal)))
    assert result.exit_code == 0, result.output
    assert not (site / "parties" / "PT.html").exists()
    assert (site / "README.txt").read_text(encoding="utf-8") == "kept"
    assert "parties/PT.html" not in (site / MANIFEST).read_text(encoding="utf-8")


def test_report_never_writes_through_a_symbolic_link(
    site: Path, tmp_path: Path, write_ledger: Callable[..., Path]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(site / "parties")
    (site / "parties").symlink_to(elsewhere)
    result = run("report", str(site), "--data", str(write_ledger(FIXTURE)))
    assert result.exit_code == 1
    assert "is a symbolic link; the report writes only inside" in result.stderr
    assert not any(elsewhere.iterdir())


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_footer_stamps_the_data_commit_when_there_is_one(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    data = repo / "data" / "commitments.yaml"
    data.write_text(FIXTURE, encoding="utf-8")
    alone = run("report", str(tmp_path / "alone"), "--data", str(data))
    assert "Data as of commit" not in (tmp_path / "alone" / "index.html").read_text(encoding="utf-8")
    assert alone.exit_code == 0

    def git(*args: str) -> str:
        env = {"GIT_AUTHOR_DATE": "2026-01-07T12:00:00Z", "GIT_COMMITTER_DATE": "2026-01-07T12:00:00Z"}
        identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
        done = subprocess.run(["git", *identity, *args], cwd=repo, capture_output=True, text=True, check=True, env=env)
        return done.stdout.strip()

    git("init", "-q")
    git("add", "data/commitments.yaml")
    git("commit", "-q", "-m", "data")
    commit = git("rev-parse", "HEAD")
    run("report", str(tmp_path / "stamped"), "--data", str(data))
    footer = Page((tmp_path / "stamped" / "index.html").read_text(encoding="utf-8")).plain.partition("Built with")[2]
    assert footer == f" ledger {__version__} from commitments.yaml. Data as of commit {commit[:12]} (2026-01-07)."
    data.write_text(FIXTURE + "\n", encoding="utf-8")
    run("report", str(tmp_path / "stamped"), "--data", str(data))
    footer = Page((tmp_path / "stamped" / "index.html").read_text(encoding="utf-8")).plain
    assert "The file has changed since that commit." in footer


def _ledger_with_summary(summary: str) -> bytes:
    quoted = summary.replace("\\", "\\\\").replace('"', '\\"')
    return FIXTURE.replace("summary: No German troops for now", f'summary: "{quoted}"').encode()


# Any text the loader accepts: no controls, no separators, nothing that displays as nothing.
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=80).filter(
    lambda s: not HIDDEN.search(s)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=printable.filter(lambda s: s.strip() == s and s.strip()))
def test_any_summary_leaves_the_page_structure_unchanged(summary: str) -> None:
    plain = load_bytes(_ledger_with_summary("Plain words"), name="plain.yaml").ledger
    hostile = load_bytes(_ledger_with_summary(summary), name="hostile.yaml").ledger
    assert plain is not None and hostile is not None
    expected = Page(build_site(plain, "plain.yaml", None)["parties/DE.html"])
    page = Page(build_site(hostile, "plain.yaml", None)["parties/DE.html"])
    assert page.tags == expected.tags
    assert summary in page.text or " ".join(summary.split()) in page.plain


def test_the_index_opens_with_headline_figures(site: Path) -> None:
    text = _pages(site)["index.html"].plain
    figures = [
        "4 parties 3 countries, 1 group",
        "2 meetings 2025-09-04 to 2026-01-06",
        "5 commitments recorded; 2 in force as of 2026-01-06",
        "1 holds a position countries and organisations",
        "1 offers troops 1 considering; 0 refuse",
        "0 name a sum of money none stated",
    ]
    places = [text.index(figure) for figure in figures]
    assert places == sorted(places) and places[-1] < text.index("Who is in, on what")


_DOWNLOADS = re.compile(r'<p class="downloads">.*?</p>', re.DOTALL)


def test_each_download_is_what_the_command_beside_it_prints(site: Path, write_ledger: Callable[..., Path]) -> None:
    data = str(write_ledger(FIXTURE))
    offered: set[str] = set()
    for name in sorted(PAGES):
        for paragraph in _DOWNLOADS.findall((site / name).read_text(encoding="utf-8")):
            (command,) = re.findall(r"<code>ledger ([^<]*) --format csv</code>", paragraph)
            for href in re.findall(r'href="([^"]+)"', paragraph):
                target = normpath(join(dirname(name), html.unescape(href)))
                fmt = target.rpartition(".")[2]
                printed = run(*shlex.split(html.unescape(command)), "--format", fmt, "--data", data)
                assert printed.exit_code == 0, printed.stderr
                assert (site / target).read_text(encoding="utf-8") == printed.stdout, target
                offered.add(target)
    assert offered == DATA


def test_a_current_position_says_the_day_it_was_stated(tmp_path: Path, write_ledger: Callable[..., Path]) -> None:
    data = str(write_ledger(QUANTITY_CHANGE))
    assert run("report", str(tmp_path / "site"), "--data", data).exit_code == 0
    page = Page((tmp_path / "site" / "parties" / "PT.html").read_text(encoding="utf-8"))
    assert page.tables[0]["caption"] and "Position as of paris-2026-01-06 (2026-01-06)" in page.plain
    assert page.rows[0][:2] == ["2026-01-06 said: 2025-12-20", "troops conditional"]


QUANTITY_CHANGE = """\
schema: 1
parties: [{code: PT, name: Portugal, kind: country}]
meetings:
  - {id: paris-2025-09-04, date: 2025-09-04, title: First, place: Paris, format: hybrid,
     sources: [{url: "https://example.org/m1", publisher: Example, reliability: official}]}
  - {id: paris-2026-01-06, date: 2026-01-06, title: Second, place: Paris, format: in-person,
     sources: [{url: "https://example.org/m2", publisher: Example, reliability: official}]}
commitments:
  - id: pt-troops-1
    party: PT
    meeting: paris-2025-09-04
    kind: troops
    status: conditional
    summary: Troops after a ceasefire
    quantity: {low: 1000, high: 1000, unit: troops, as_stated: "1000"}
    sources: [{url: "https://example.org/a", publisher: Example, reliability: major}]
  - id: pt-troops-2
    party: PT
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: Troops after a ceasefire
    quantity: {low: 2000, high: 3000, unit: troops, as_stated: "2-3k"}
    supersedes: pt-troops-1
    stated_on: 2025-12-20
    sources: [{url: "https://example.org/a", publisher: Example, reliability: major}]
    disputed:
      - reason: Another outlet says 1,500
        sources: [{url: "https://example.org/b", publisher: Other, reliability: major}]
"""


def test_a_quantity_change_reads_the_same_in_the_report_and_in_the_terminal(
    tmp_path: Path, write_ledger: Callable[..., Path]
) -> None:
    data = str(write_ledger(QUANTITY_CHANGE))
    old, new = "1,000 troops (1000)", "2,000–3,000 troops (2-3k)"
    terminal = run("diff", "paris-2025-09-04", "paris-2026-01-06", "--data", data).stdout
    (row,) = [line for line in terminal.splitlines() if "quantity" in line]
    assert row.split()[-7:] == ["quantity", *old.split(), *new.split()]
    assert run("report", str(tmp_path / "site"), "--data", data).exit_code == 0
    page = Page((tmp_path / "site" / "meetings" / "paris-2026-01-06.html").read_text(encoding="utf-8"))
    assert ["", "", "quantity", old, new] in page.rows
    assert "quantity." not in terminal + page.plain


def test_the_report_and_the_command_line_say_a_change_a_dispute_and_a_replacement_alike(
    tmp_path: Path, write_ledger: Callable[..., Path]
) -> None:
    """The report's tables come from the views the commands print: each phrase is decided once."""
    data = str(write_ledger(QUANTITY_CHANGE))
    assert run("report", str(tmp_path / "site"), "--data", data).exit_code == 0
    party = Page((tmp_path / "site" / "parties" / "PT.html").read_text(encoding="utf-8"))
    first = Page((tmp_path / "site" / "meetings" / "paris-2025-09-04.html").read_text(encoding="utf-8"))

    history = run("history", "--country", "PT", "--format", "md", "--data", data).stdout
    quantity = "|   |   | quantity | 1,000 troops (1000) | 2,000–3,000 troops (2-3k) |"
    assert quantity in history.splitlines()
    assert ["", "", "quantity", "1,000 troops (1000)", "2,000–3,000 troops (2-3k)"] in party.rows

    shown = run("show", "--all", "--format", "md", "--data", data).stdout
    dispute, replaced = "‡1 Other: Another outlet says 1,500", "by pt-troops-2 on 2025-12-20"
    assert f"- {dispute}" in shown.splitlines() and "| Troops after a ceasefire ‡1 |" in shown
    assert f"| {replaced} |" in shown
    assert dispute in party.plain and "Troops after a ceasefire ‡1" in party.plain
    assert first.rows[0][3] == f"Troops after a ceasefire superseded: {replaced}"  # stated there, replaced since

    table = run("show", "--all", "--data", data, env={"COLUMNS": "200"}).stdout
    assert dispute in table and replaced in table


def test_the_templates_ship_with_the_package_and_never_mark_a_value_safe() -> None:
    templates = {t.name: t.read_text(encoding="utf-8") for t in (files("ledger.report") / "templates").iterdir()}
    assert {"base.html", "index.html", "meeting.html", "party.html", "parts.html", "style.css"} <= set(templates)
    for name, text in templates.items():
        assert not re.search(r"\|\s*safe|autoescape|Markup|<script|url\(|@import", text), name


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>x</script>", None),
        ("//example.org/a", None),
        ("https://example.org/a b", None),
        (None, None),
    ],
)
def test_only_web_addresses_become_links(url: str | None, href: str | None) -> None:
    assert web_href(url) == href


def test_whole_dates_escapes_first_and_keeps_each_date_on_one_line() -> None:
    assert str(whole_dates("<b>2026-01-06</b> & more")) == (
        '&lt;b&gt;<span class="date">2026-01-06</span>&lt;/b&gt; &amp; more'
    )


def test_a_changed_field_escapes_its_words_and_links_only_web_addresses() -> None:
    sources = [
        {"url": "https://example.org/a?b=1&c=2", "publisher": "<b>Bold</b>", "reliability": "major"},
        {"url": "javascript:alert(1)", "publisher": "Plain & simple", "reliability": "major"},
    ]
    assert str(field_markup(sources)) == (
        '<a href="https://example.org/a?b=1&amp;c=2">&lt;b&gt;Bold&lt;/b&gt;</a>; Plain &amp; simple'
    )
    interval = {"low": 1000, "high": None, "unit": "<i>troops</i>", "as_stated": "<script>"}
    assert str(field_markup(interval)) == "≥ 1,000 &lt;i&gt;troops&lt;/i&gt; (&lt;script&gt;)"
    assert str(field_markup(None)) == "—"
