"""HTML from page contexts: jinja2 templates shipped inside the package, autoescape on.

Every value a template places, in text or in an attribute, is escaped; no template marks a
value safe, and the two filters that add markup (`whole_dates`, `field_markup`) escape every
piece of data text first, so nothing a data file holds can become markup or script. The stylesheet is inlined
and nothing is loaded from elsewhere: a page opens from a folder, prints and archives as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ledger.output.words import NOTHING, field_value
from ledger.report.parts import web_href

_DATE = re.compile(r"[\w.-]*\d{4}-\d{2}-\d{2}[\w.-]*")


def whole_dates(text: object) -> Markup:
    """The text, escaped, with each ISO date, and each id that holds one, kept on one line: a
    browser would break one after a hyphen. The text is escaped first; the pattern matches only
    letters, digits, dots and hyphens."""
    return Markup(_DATE.sub(r'<span class="date">\g<0></span>', str(escape(text))))


def field_markup(value: object) -> Markup:
    """A data field's value (a view's `Value` cell) in the words every format uses
    (`words.field_value`): its text escaped, each source a link when its URL is a web address."""

    def source(publisher: str, url: str) -> str:
        href = web_href(url)
        return f'<a href="{escape(href)}">{escape(publisher)}</a>' if href else str(escape(publisher))

    return Markup(field_value(value, source, lambda text: str(escape(text))) or NOTHING)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("ledger.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["whole_dates"] = whole_dates
    environment.filters["field_markup"] = field_markup
    return environment


def page(template: str, context: Mapping[str, Any]) -> str:
    """The named template (`index.html`, `meeting.html`, `party.html`) filled with the context."""
    return _environment().get_template(template).render(context)
