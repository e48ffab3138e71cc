"""Search finds a formula by its readable text: "x squared" and "x^2" both find `$x^2$`.

Indexed as MathML, a formula would read as its characters run together (`x2+5x+6`); so the text
search indexes (search/records.py) gives each formula as its LaTeX source and its spoken form."""

from __future__ import annotations

import html
import re

from .words import spoken_text

_MATH = re.compile(r"<math\b(?P<attrs>[^>]*)>.*?</math>", re.DOTALL)
_ALTTEXT = re.compile(r'\salttext="([^"]*)"')


def searchable(page_html: str) -> str:
    """`page_html` with each formula as text: `x^2 (x squared)`."""
    if "<math" not in page_html:
        return page_html
    return _MATH.sub(_readable, page_html)


def _readable(match: re.Match) -> str:
    alttext = _ALTTEXT.search(match["attrs"])
    tex = html.unescape(alttext.group(1)) if alttext else ""
    words = spoken_text(tex) if tex else ""
    return html.escape(f" {tex} ({words}) " if words else f" {tex} ", quote=False)
