"""`ledger report OUTDIR` in a real browser (headless Chromium): it renders, and no page is wider
than a phone. Slow: a local run skips these unless asked (`--run-slow`)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from .support import ROOT, run
from .test_report import FIXTURE, Page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium); the browser test is skipped",
)
pytestmark = [pytest.mark.slow, needs_chromium]

SHIPPED = ROOT / "data" / "commitments.yaml"


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=True)


def _png(path: Path) -> tuple[int, int, int]:
    """Width, height, and how many distinct byte values the pixels hold (a blank page holds few)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


def _report(outdir: Path, data: Path) -> Path:
    result = run("report", str(outdir), "--data", str(data))
    assert result.exit_code == 0, result.stderr
    return outdir


@pytest.fixture
def site(tmp_path: Path, write_ledger: Callable[..., Path]) -> Path:
    return _report(tmp_path / "site", write_ledger(FIXTURE))


def test_the_index_and_a_party_page_render(site: Path, tmp_path: Path) -> None:
    index = Page(_chromium(tmp_path, "--dump-dom", (site / "index.html").as_uri()).stdout)
    assert ("table", "class", "matrix") in index.attributes
    assert "Positions as of paris-2026-01-06 (2026-01-06)" in index.plain
    assert "Germany○considering" in index.plain  # the row header, the symbol, and its words for screen readers

    party = Page(_chromium(tmp_path, "--dump-dom", (site / "parties" / "DE.html").as_uri()).stdout)
    assert "Germany" in party.plain and "German forces could deploy to a neighbouring country" in party.plain
    assert {"c-de-troops-1", "c-de-troops-2"} <= party.ids


# A headless window is never narrower than 500 pixels, so a page is measured in a frame of the
# width asked, from a page beside it (file pages may read each other's DOM with this flag).
_FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" src="{src}" style="width:{width}px;height:2000px;border:0"></iframe>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var root = this.contentDocument.documentElement;
  document.body.setAttribute("data-widths", root.scrollWidth + " " + root.clientWidth);
}});
</script></body></html>
"""


def _widths(tmp_path: Path, site: Path, page: str, width: int) -> tuple[int, int]:
    """How wide a page's content is, and how wide the frame it is shown in."""
    frame = site / "frame-check.html"
    frame.write_text(_FRAME.format(src=page, width=width), encoding="utf-8")
    dom = _chromium(
        tmp_path, "--allow-file-access-from-files", f"--window-size={width + 100},2200", "--dump-dom", frame.as_uri()
    ).stdout
    found = re.search(r'data-widths="(\d+) (\d+)"', dom)
    assert found, f"{page}: the frame was not measured"
    return int(found[1]), int(found[2])


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(tmp_path: Path, site: Path, width: int) -> None:
    shipped = _report(tmp_path / "shipped", SHIPPED)
    pages = [
        (site, "index.html"),
        (site, "parties/EVIL.html"),  # a URL and a word no line can hold
        (site, "meetings/paris-2026-01-06.html"),
        (shipped, "index.html"),  # fifteen kinds, the longest party names
        (shipped, "meetings/paris-2026-01-06.html"),
        (shipped, "parties/GB.html"),
    ]
    for folder, page in pages:
        content, frame = _widths(tmp_path, folder, page, width)
        assert frame == width, f"{page}: measured in a frame {frame} pixels wide"
        assert content <= frame, f"{page} is {content} pixels wide on a {width}-pixel screen"


def test_the_shipped_report_has_screenshots_at_desktop_and_phone_widths(tmp_path: Path) -> None:
    """The screenshots README shows, in docs/: rewritten on every run, so a change to the report
    shows in the commit that makes it."""
    index = _report(tmp_path / "shipped", SHIPPED) / "index.html"
    for width in (1280, 390):
        shot = ROOT / "docs" / f"report-{width}.png"
        _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},1600", index.as_uri())
        shot_width, height, shades = _png(shot)
        assert (shot_width, height) == (width, 1600)
        assert shades > 32, f"the {width}-pixel screenshot looks blank"
