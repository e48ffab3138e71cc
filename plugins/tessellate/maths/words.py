"""Formulas as text, for where MathML cannot go: titles, social posts, search.

Two forms from one walk over the MathML tree: `plain` is what a reader types (`x² + 5x + 6`,
`3/4`, `√2`), for <title>, feeds' titles and social texts; `spoken` is how a teacher says it
(`x squared plus 5 x plus 6`), so a search for "x squared" finds the page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .cache import CACHE
from .mathml import MathsError, element
from .tex import Formula, split

_SUPERSCRIPTS = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
_SUBSCRIPTS = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_SPACED = {"+", "−", "-", "=", "<", ">", "≤", "≥", "≠", "≈", "×", "÷", "±", "→", "⇒", "∝"}
_SAID = {"+": "plus", "−": "minus", "-": "minus", "=": "equals", "<": "is less than", ">": "is greater than",
         "≤": "is less than or equal to", "≥": "is greater than or equal to", "≠": "is not equal to",
         "≈": "is approximately", "×": "times", "÷": "divided by", "±": "plus or minus", "·": "times",
         "⋅": "times", "π": "pi", "θ": "theta", "α": "alpha", "β": "beta", "∞": "infinity", "%": "percent",
         "(": "open bracket", ")": "close bracket", "∝": "is proportional to", "°": "degrees"}
_POWERS = {"2": "squared", "3": "cubed"}


def plain_text(text: str) -> str:
    """`text` with each formula in its plain-text form and `\\$` as `$`; a formula that does not
    parse stays as written."""
    if "$" not in text:
        return text
    return "".join(part if isinstance(part, str) else formula_text(part) for part in split(text))


def formula_text(formula: Formula) -> str:
    try:
        return plain(element(formula.tex, formula.display))
    except MathsError:
        return formula.source


def spoken_text(tex: str) -> str:
    """How the formula `tex` is said ("" when it cannot be typeset), kept with the typeset formulas."""
    key = "S" + tex
    if (known := CACHE.get(key)) is not None:
        return known[1]
    try:
        words = spoken(element(tex))
    except MathsError:
        words = ""
    CACHE.put(key, "words", words)
    return words


def plain(node: ET.Element) -> str:
    """The plain-text form of a MathML element."""
    return " ".join(_plain(node).split())


def spoken(node: ET.Element) -> str:
    """The formula said aloud, word by word."""
    return " ".join(_spoken(node).split())


def _plain(node: ET.Element) -> str:
    tag, kids = node.tag, list(node)
    if tag in ("mi", "mn", "mtext", "ms"):
        return node.text or ""
    if tag == "mo":
        text = (node.text or "").replace("-", "−")
        return f" {text} " if text in _SPACED else text
    if tag == "mfrac" and len(kids) == 2:
        return f"{_grouped(kids[0])}/{_grouped(kids[1])}"
    if tag == "msqrt":
        return f"√{_grouped_row(kids)}"
    if tag == "mroot" and len(kids) == 2:
        return f"{_superscript(kids[1])}√{_grouped(kids[0])}"
    if tag == "msup" and len(kids) == 2:
        return _plain(kids[0]) + _superscript(kids[1])
    if tag == "msub" and len(kids) == 2:
        return _plain(kids[0]) + _subscript(kids[1])
    if tag == "msubsup" and len(kids) == 3:
        return _plain(kids[0]) + _subscript(kids[1]) + _superscript(kids[2])
    if tag in ("munder", "mover", "munderover") and kids:
        return _plain(kids[0])
    if tag == "mtable":
        return "; ".join(" ".join(_plain(cell) for cell in row) for row in kids)
    if tag == "annotation":
        return ""
    return "".join(_plain(kid) for kid in kids)


def _grouped(node: ET.Element) -> str:
    text = plain(node)
    return text if len(text) == 1 or text.replace(".", "").isalnum() else f"({text})"


def _grouped_row(kids: list[ET.Element]) -> str:
    row = ET.Element("mrow")
    row.extend(kids)
    return _grouped(row)


def _superscript(node: ET.Element) -> str:
    return _script(node, _SUPERSCRIPTS, "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ", "^")


def _subscript(node: ET.Element) -> str:
    return _script(node, _SUBSCRIPTS, "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "_")


def _script(node: ET.Element, table: dict, small: str, mark: str) -> str:
    """Raised or lowered characters where Unicode has one for each (x²), else `x^2`, `x^(2y)`."""
    text = plain(node).replace(" ", "")
    moved = text.translate(table)
    if all(c in small for c in moved):
        return moved
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({plain(node)})"


def _spoken(node: ET.Element) -> str:
    tag, kids = node.tag, list(node)
    if tag in ("mi", "mn", "mtext", "ms", "mo"):
        text = node.text or ""
        return f" {_SAID.get(text, text)} "
    if tag == "mfrac" and len(kids) == 2:
        return f" {_spoken(kids[0])} over {_spoken(kids[1])} "
    if tag == "msqrt":
        return f" the square root of {''.join(_spoken(k) for k in kids)} "
    if tag == "mroot" and len(kids) == 2:
        index = plain(kids[1])
        named = {"2": "square", "3": "cube"}.get(index)
        return f" the {named} root of {_spoken(kids[0])} " if named else f" the root {_spoken(kids[1])} of {_spoken(kids[0])} "
    if tag in ("msup", "msubsup") and len(kids) >= 2:
        base = _spoken(kids[0]) + (f" sub {_spoken(kids[1])} " if tag == "msubsup" else "")
        power = plain(kids[-1])
        return f" {base} {_POWERS.get(power) or 'to the power ' + _spoken(kids[-1])} "
    if tag == "msub" and len(kids) == 2:
        return f" {_spoken(kids[0])} sub {_spoken(kids[1])} "
    if tag == "mtable":
        return " ; ".join(" ".join(_spoken(cell) for cell in row) for row in kids)
    if tag == "annotation":
        return ""
    return " ".join(_spoken(kid) for kid in kids)
