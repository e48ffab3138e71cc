"""Formulas as HTML: MathML for pages and feeds, the source as code when a formula cannot be typeset."""

from __future__ import annotations

from html import escape

from .mathml import MathsError, convert
from .tex import Formula, split

DISPLAY_CLASS = "tx-maths"
ERROR_CLASS = "tx-maths-error"


def formula_html(formula: Formula, block: bool = True) -> str:
    """The formula's MathML; display maths in a wrapper that scrolls sideways (a <div>, or a
    <span> inside a paragraph's text when `block` is false). The source as <code> when it does not parse."""
    try:
        mathml = convert(formula.tex, formula.display)
    except MathsError:
        return f'<code class="{ERROR_CLASS}">{escape(formula.source, quote=False)}</code>'
    if not formula.display:
        return mathml
    wrapper = "div" if block else "span"
    return f'<{wrapper} class="{DISPLAY_CLASS}">{mathml}</{wrapper}>'


def text_html(text: str) -> str:
    """Plain `text` (a title, a summary) as escaped HTML with its formulas typeset inline."""
    parts = []
    for part in split(text):
        if isinstance(part, str):
            parts.append(escape(part, quote=False))
        else:
            parts.append(formula_html(Formula(part.tex, False)))
    return "".join(parts)
