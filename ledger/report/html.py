"""HTML from page contexts: jinja2 templates shipped inside the package, autoescape on.

Every value a template places, in text or in an attribute, is escaped; no template marks a
value safe, and the one filter that adds markup (`whole_dates`) escapes its text first, so
nothing a data file holds can become markup or script. The stylesheet is inlined
and nothing is loaded from elsewhere: a page opens from a folder, prints and archives as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def whole_dates(text: object) -> Markup:
    """The text, escaped, with each ISO date kept on one line: a browser would break one after
    a hyphen. The text is escaped first; the date pattern matches only digits and hyphens."""
    return Markup(_DATE.sub(r'<span class="date">\g<0></span>', str(escape(text))))


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
    return environment


def page(template: str, context: Mapping[str, Any]) -> str:
    """The named template (`index.html`, `meeting.html`, `party.html`) filled with the context."""
    return _environment().get_template(template).render(context)
