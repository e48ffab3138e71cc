"""Warn about raw HTML in a body that the sanitiser will remove, so nothing vanishes unannounced."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..maths.mathml import MathsError, convert
from ..maths.tex import FORMULA, blank_code, split, unclosed
from .problems import Problems

_TAGS = re.compile(r"<\s*(script|style|form|input|button|object|embed|base|meta|link)\b", re.IGNORECASE)
_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
_BAD_URL = re.compile(r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(javascript|data|vbscript):", re.IGNORECASE)
_MD_BAD_URL = re.compile(r"\]\(\s*<?\s*(javascript|data|vbscript):", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")  # `code` is shown as text, never run
# Images from other sites would be a third-party request at page load; the site's policy blocks them.
_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*((?:https?:)?//[^\s)>]+)|<\s*img\b[^>]*?\ssrc\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", re.IGNORECASE)
_IFRAME = re.compile(r"<\s*iframe\b[^>]*?\ssrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


def check_body(body: str, first_line: int, embeds: tuple[str, ...], problems: Problems) -> None:
    """Record a warning for each piece of raw HTML that will not reach readers, and each formula
    that cannot be typeset."""
    body = check_maths(body, first_line, "body", problems)
    in_code = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        line = _CODE_SPAN.sub("", line)
        for match in _TAGS.finditer(line):
            _warn(problems, number, f"a <{match.group(1).lower()}> element")
        if _HANDLER.search(line):
            _warn(problems, number, "an event handler attribute (on...=)")
        for match in (*_BAD_URL.finditer(line), *_MD_BAD_URL.finditer(line)):
            _warn(problems, number, f"a '{match.group(1).lower()}:' link")
        for match in _REMOTE_IMAGE.finditer(line):
            problems.warn(number, "body", f"the image {match.group(1) or match.group(2)} is on another site and will not load",
                          "save the image beside the page and link to the file, so readers' browsers fetch nothing from elsewhere")
        for match in _IFRAME.finditer(line):
            try:
                host = (urlsplit(match.group(1)).hostname or "").lower()
            except ValueError:  # not an address at all, e.g. a broken [IPv6] host
                host = ""
            if host not in embeds:
                problems.warn(number, "body", f"an embed from '{host or match.group(1)}' will be removed",
                              "only hosts listed under embeds: in mkdocs.yml may be embedded")


def _warn(problems: Problems, line: int, what: str) -> None:
    what = what.replace("a <i", "an <i").replace("a <e", "an <e").replace("a <o", "an <o")
    problems.warn(line, "body", f"{what} will be removed from the page",
                  "raw scripts, forms and unsafe links are not allowed; link to the material instead")


def check_maths(text: str, first_line: int, field: str, problems: Problems) -> str:
    """Warn about each formula in `text` that cannot be typeset, and each `$` left open; returns
    `text` with its formulas blanked (lines kept), since they are typeset, never read as HTML."""
    if "$" not in text:
        return text
    outside_code = blank_code(text)
    line_of = lambda offset: first_line + outside_code.count("\n", 0, offset)  # noqa: E731
    for part in split(outside_code):
        if isinstance(part, str):
            continue
        try:
            convert(part.tex, part.display)
        except MathsError as error:
            problems.warn(line_of(part.start), field, f"the formula {part.source} cannot be typeset: {error}",
                          "it is shown as code; correct the LaTeX, or write \\$ for a dollar sign")
    for offset in unclosed(outside_code):
        problems.warn(line_of(offset), field, "a $ opens a formula that is never closed",
                      "end the formula with $ ($$ for display maths), or write \\$ for a dollar sign")
    for match in FORMULA.finditer(outside_code):
        if not match["escaped"]:
            text = text[:match.start()] + re.sub(r"[^\n]", " ", match.group(0)) + text[match.end():]
    return text
