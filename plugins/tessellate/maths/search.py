"""Search finds a formula by its readable text: "x squared" and "x^2" both find `$x^2$`.

Material's search indexes a page's HTML, where MathML would read as its characters run together
(`x2+5x+6`), and parsing every MathML element costs time on a large bank. So while the search
plugin reads a page, each formula stands as its LaTeX source and its spoken form; the page is
rendered with its MathML again right after."""

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


class ForSearch:
    """Swaps a page's formulas for text while the search plugin indexes it, and back."""

    _KEPT = "tessellate_maths_html"

    def before(self, page) -> None:
        if "<math" in (page.content or ""):
            setattr(page, self._KEPT, page.content)
            page.content = searchable(page.content)

    def after(self, page) -> None:
        kept = getattr(page, self._KEPT, None)
        if kept is not None:
            page.content = kept
            delattr(page, self._KEPT)
