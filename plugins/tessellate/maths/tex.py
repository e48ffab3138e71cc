"""Where formulas are in text: `$...$` inline, `$$...$$` display, and `\\$` for a dollar sign.

The rules are arithmatex's, so prices survive: an opening `$` is not followed by a space, a closing
`$` is not preceded by one and is not followed by a digit. "£3.20", "$5 or $10" and "costs $5" are
text. A `$` that opens a formula (a letter or a command follows it) and never closes is reported,
since the writer meant maths; one followed by a digit is taken for a price and left alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

INLINE = r"(?<![\\$])\$(?![\s$])(?P<inline>(?:\\.|[^\\$])+?)(?<![\s\\])\$(?![\d$])"
DISPLAY = r"(?<!\\)\$\$(?P<display>(?:\\.|[^\\$])+?)\$\$"
ESCAPED = r"(?P<escaped>\\\$)"
# Display first: `$$x$$` is one display formula, never two inline ones around nothing.
FORMULA = re.compile(f"{ESCAPED}|{DISPLAY}|{INLINE}", re.DOTALL)
_OPENER = re.compile(r"(?<![\\$])(\$\$?)(?=[A-Za-z\\({\[])")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
MATH_FENCE_INFO = "math"


@dataclass(frozen=True)
class Formula:
    """A formula's LaTeX source, whether it is display maths, and where it is in the text."""

    tex: str
    display: bool
    start: int = 0
    end: int = 0

    @property
    def source(self) -> str:
        """The formula as written, delimiters included."""
        return f"$${self.tex}$$" if self.display else f"${self.tex}$"


def split(text: str) -> Iterator[str | Formula]:
    """`text` as plain strings (with `\\$` as `$`) and the formulas between them."""
    position = 0
    for match in FORMULA.finditer(text):
        if match.start() > position:
            yield text[position:match.start()]
        if match["escaped"]:
            yield "$"
        else:
            tex = match["display"] if match["display"] is not None else match["inline"]
            yield Formula(tex.strip(), match["display"] is not None, match.start(), match.end())
        position = match.end()
    if position < len(text):
        yield text[position:]


def formulas(text: str) -> list[Formula]:
    return [part for part in split(text) if isinstance(part, Formula)]


def has_maths(text: str) -> bool:
    return "$" in text and any(isinstance(part, Formula) for part in split(text))


def unclosed(text: str) -> list[int]:
    """Offsets of each `$` that opens a formula (a letter or a command follows) but never closes."""
    outside = FORMULA.sub(lambda m: " " * len(m.group(0)), text)
    return [match.start() for match in _OPENER.finditer(outside)]


def blank_code(markdown: str) -> str:
    """`markdown` with code (fenced blocks, code spans) blanked to spaces, lines kept, so formulas
    are looked for only where they will be typeset; ```math fences become `$$...$$` of equal length."""
    lines = markdown.split("\n")
    fence = None
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            fence = (match["fence"], match["info"].strip().lower() == MATH_FENCE_INFO)
            lines[number] = "$$" + " " * (len(line) - 2) if fence[1] else " " * len(line)
        elif fence is not None and line.strip().startswith(fence[0][0] * len(fence[0])) and not line.strip().strip(fence[0][0]):
            lines[number] = "$$" + " " * (len(line) - 2) if fence[1] else " " * len(line)
            fence = None
        elif fence is not None and not fence[1]:
            lines[number] = " " * len(line)
    text = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
