"""Each output channel's one escaping function, against what its reader would otherwise act on."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.characters import HIDDEN, describe_hidden
from ledger.output import escape

# Text a stranger could put in a data file, aimed at every reader at once.
HOSTILE = [
    "##[error]x",
    "::error::x",
    "::stop-commands::x",
    "a\n::warning::b\r##[group]c",
    "<img src=x onerror=alert(1)>",
    "@team and #12",
    "[link](https://evil.example) ![img](https://evil.example/i.png)",
    '=HYPERLINK("https://evil.example","x")',
    "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
    "No Italian troops \u202ednuorg eht no",
    "It\u200baly",
]
# Any text, with the pieces readers act on drawn often enough to meet each other.
text = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3)
    | st.sampled_from(["##[", "::", "@a", "#1", "<b>", "\n", "\r", "%", "\\", "_", "`"])
).map("".join)


# -- terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "<U+001B>[31mred"),
        ("\x9b2J", "<U+009B>2J"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("No \u202eevil", "No <U+202E>evil"),
        ("It\u200baly", "It<U+200B>aly"),
        ("Élysée, Zürich, Київ", "Élysée, Zürich, Київ"),
    ],
)
def test_visible_writes_what_a_terminal_would_act_on_as_code_points(raw: str, shown: str) -> None:
    assert escape.visible(raw) == shown


def test_hidden_characters_are_named_by_what_they_do() -> None:
    assert describe_hidden("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE reorders how text displays"
    assert describe_hidden("\u200b") == "U+200B ZERO WIDTH SPACE displays as nothing"
    assert describe_hidden("\U000e0002") == "U+E0002 an unnamed format character displays as nothing"


# -- GitHub Actions ---------------------------------------------------------------------------


def test_annotation_data_stays_on_its_line_and_holds_no_second_command() -> None:
    assert escape.annotation_message("50% done\r\n##[error]x ::y") == "50%25 done<U+000D>%0A#%23[error]x ::y"
    assert escape.annotation_property("data/a:b,c.yaml") == "data/a%3Ab%2Cc.yaml"


@given(text)
def test_annotation_text_never_holds_a_line_break_or_a_bracket_command(data: str) -> None:
    for encoded in (escape.annotation_message(data), escape.annotation_property(data)):
        assert "\n" not in encoded and "\r" not in encoded and "##[" not in encoded
    assert ":" not in escape.annotation_property(data) and "," not in escape.annotation_property(data)


@given(text)
def test_plain_text_for_a_workflow_log_sits_between_stop_commands_markers(data: str) -> None:
    wrapped = escape.workflow_plain(data)
    if not data:
        assert wrapped == ""
        return
    first, *_ = wrapped.split("\n", 1)
    token = first.removeprefix("::stop-commands::")
    assert re.fullmatch("[0-9a-f]{32}", token)
    assert wrapped == f"{first}\n{data}{'' if data.endswith(chr(10)) else chr(10)}::{token}::\n"
    assert token not in data.casefold()


def test_a_token_the_text_already_holds_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = iter([bytes.fromhex("a" * 32), bytes.fromhex("b" * 32)])
    monkeypatch.setattr(escape.os, "urandom", lambda _: next(tokens))
    wrapped = escape.workflow_plain(f"::{'A' * 32}::\n")
    assert wrapped == f"::stop-commands::{'b' * 32}\n::{'A' * 32}::\n::{'b' * 32}::\n"


# -- Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "markdown"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<details><summary>x</summary>", "&lt;details&gt;&lt;summary&gt;x&lt;/summary&gt;"),
        ("Q&A &#64;team", "Q&amp;A &amp;#<!-- -->64;team"),
        ("@team, @org/team and #12", "@<!-- -->team, @<!-- -->org/team and #<!-- -->12"),
        ("press@example.org", "press@<!-- -->example.org"),
        ("[link](https://evil.example)", "\\[link\\](https://evil.example)"),
        ("![img](https://evil.example/i.png)", "!\\[img\\](https://evil.example/i.png)"),
        ("a | b `code` *em* ~~x~~ $x$", "a \\| b \\`code\\` \\*em\\* \\~\\~x\\~\\~ \\$x\\$"),
        ("_em_ but as_stated", "\\_em\\_ but as_stated"),
        ("back\\slash", "back\\\\slash"),
        ("# Heading", "\\# Heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("::error::x", "\\::error::x"),
        ("=1+2", "\\=1+2"),
        ("two\nlines", "two lines"),
        ("\x1b[31m", "&lt;U+001B&gt;\\[31m"),
        ("Paris, Élysée Palace (in-person)", "Paris, Élysée Palace (in-person)"),
    ],
)
def test_markdown_text_renders_as_the_text_itself(raw: str, markdown: str) -> None:
    assert escape.markdown_text(raw) == markdown


@given(text)
def test_markdown_text_holds_no_tag_mention_reference_or_line_break(data: str) -> None:
    markdown = escape.markdown_text(data)
    assert not re.search(r"[@#]\w", markdown)
    outside_comments = markdown.replace("<!-- -->", "")
    assert "<" not in outside_comments and ">" not in outside_comments
    assert "\n" not in markdown and "\r" not in markdown and "##[" not in markdown


def test_markdown_links_keep_their_destination_inside_the_brackets() -> None:
    assert escape.markdown_link("AFP [wire]", "https://example.org/##[a]<b>&c") == (
        "[AFP \\[wire\\]](<https://example.org/##\\[a\\]\\<b\\>\\&c>)"
    )


def test_a_code_span_is_fenced_longer_than_any_backtick_run_it_holds() -> None:
    assert escape.markdown_code("HEAD~1") == "`HEAD~1`"
    assert escape.markdown_code("a``b`") == "``` a``b` ```"


# -- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_a_spreadsheet_would_run_gets_a_quote(start: str) -> None:
    cell = f'{start}HYPERLINK("https://evil.example")'
    assert escape.csv_cell(cell) == f"'{cell}"
    assert escape.csv_cell(cell, raw=True) == cell


@pytest.mark.parametrize(("value", "cell"), [(-5, "-5"), (2.5, "2.5"), (0, "0"), (None, ""), (True, "True")])
def test_numbers_and_empty_cells_are_written_as_they_are(value: escape.CsvValue, cell: str) -> None:
    assert escape.csv_cell(value) == cell


def test_other_text_is_untouched() -> None:
    assert escape.csv_cell("Italy = no troops, +5 later") == "Italy = no troops, +5 later"


# -- JSON -------------------------------------------------------------------------------------


@given(st.lists(text))
def test_json_text_keeps_every_value_and_no_command_or_hidden_character(values: list[str]) -> None:
    serialised = escape.json_text(json.dumps(values, ensure_ascii=False))
    assert json.loads(serialised) == values
    assert "##[" not in serialised
    assert not HIDDEN.search(serialised)
    assert not re.search("[\x7f-\x9f]", serialised)


@pytest.mark.parametrize("data", HOSTILE)
def test_every_channel_keeps_each_hostile_text_off_its_readers(data: str) -> None:
    assert "\x1b" not in escape.visible(data)
    assert "##[" not in escape.annotation_message(data)
    assert "<" not in escape.markdown_text(data).replace("<!-- -->", "")
    assert not escape.csv_cell(data).startswith(escape.FORMULA_START)
    assert json.loads(escape.json_text(json.dumps(data, ensure_ascii=False))) == data


def test_a_summary_reads_as_its_text_whether_or_not_markdown_is_read_inside_html() -> None:
    text = "A*b* _c_ [d](e) `f` <b>g</b> & #12 @h \u202e"
    assert escape.markdown_summary(text) == (
        "A&#42;b&#42; &#95;c&#95; &#91;d&#93;(e) &#96;f&#96; &lt;b&gt;g&lt;/b&gt; "
        "&amp; #<!-- -->12 @<!-- -->h &lt;U+202E&gt;"
    )
