"""LaTeX to MathML Core with latex2mathml, serialised safely.

latex2mathml's own `convert()` unescapes its whole output to turn its character references into
characters, which also turns `\\text{<script>}` into a live tag. So the element tree is taken
instead, references are resolved in each text node, and the tree is written out with every text
escaped and only MathML Core elements and attributes kept (`\\href{javascript:...}` loses its href)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from .cache import CACHE

# MathML Core, as browsers lay it out; anything else latex2mathml makes is left out.
ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "msup", "msub",
    "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "merror", "semantics", "annotation", "none",
})
ATTRIBUTES = frozenset({
    "display", "alttext", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "form",
    "columnalign", "columnspacing", "rowspacing", "rowlines", "columnlines", "displaystyle", "scriptlevel",
    "linethickness", "accent", "accentunder", "movablelimits", "largeop", "symmetric", "minsize", "maxsize",
    "width", "height", "depth", "voffset", "encoding", "mathsize", "mathcolor", "mathbackground",
})
# Commands KaTeX and MathJax writers use that latex2mathml spells differently.
_SYNONYMS = [(re.compile(r"\\(begin|end)\{aligned\}"), r"\\\1{align*}")]
_OPERATORS = {"±", "∓"}
_BRACE = re.compile(r"(?<!\\)(?:\\\\)*([{}])")
_UNKNOWN = re.compile(r"^\\[A-Za-z]+$")
_SAFE_LENGTH = 2000  # a formula longer than this is more likely a missing `$` than maths


class MathsError(ValueError):
    """A formula that cannot be typeset, with a reason a coordinator understands."""


def convert(tex: str, display: bool = False) -> str:
    """The MathML for `tex`, `display="block"` for display maths, with the source as `alttext`."""
    return _cached(tex.strip(), display)


def element(tex: str, display: bool = False) -> ET.Element:
    """The checked MathML element tree for `tex` (a fresh tree: callers may change it)."""
    return ET.fromstring(_cached(tex.strip(), display))


def _cached(tex: str, display: bool) -> str:
    """Typeset once per distinct formula (a bank repeats `x^2` a thousand times), and kept between builds."""
    key = CACHE.key(tex, display)
    if (known := CACHE.get(key)) is None:
        try:
            known = ["mathml", _typeset(tex, display)]
        except MathsError as error:
            known = ["error", str(error)]
        CACHE.put(key, *known)
    kind, value = known
    if kind == "error":
        raise MathsError(value)
    return value


_LINK = re.compile(r"\\(?:href|url)\b")


def _typeset(tex: str, display: bool) -> str:
    # Imported on first use: it takes half a second, which a build whose formulas are all cached never pays.
    from latex2mathml.converter import convert_to_element

    if not tex:
        raise MathsError("the formula is empty")
    if len(tex) > _SAFE_LENGTH:
        raise MathsError(f"the formula is longer than {_SAFE_LENGTH} characters")
    _check_braces(tex)
    if link := _LINK.search(tex):
        # latex2mathml keeps a link's text and drops its address: a reader would lose where it led.
        raise MathsError(f"a link ({link[0]}) cannot be kept inside a formula; write the link outside the $...$")
    source = tex
    for pattern, replacement in _SYNONYMS:
        source = pattern.sub(replacement, source)
    try:
        raw = convert_to_element(source, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many kinds (and IndexError, StopIteration) for bad input
        raise MathsError(_reason(error)) from None
    math = ET.Element("math", {"display": "block" if display else "inline", "alttext": tex})
    for child in raw:
        _copy(child, math)
    return ET.tostring(_unwrap(math), encoding="unicode", short_empty_elements=False)


def _unwrap(node: ET.Element) -> ET.Element:
    """`node` without the <mrow>s around a single child that latex2mathml puts everywhere: MathML
    reads an mrow of one child as that child, and every element less is less for each page, feed
    and search index to carry and parse."""
    for index, child in enumerate(list(node)):
        while child.tag == "mrow" and len(child) == 1 and not child.attrib and not (child.text or "").strip():
            inner = child[0]
            inner.tail = child.tail
            child = inner
        node[index] = _unwrap(child)
    if node.tag == "math" and len(node) == 1 and node[0].tag == "mrow" and not node[0].attrib:
        row = node[0]
        node.remove(row)
        node.extend(list(row))
    return node


def _check_braces(tex: str) -> None:
    """latex2mathml quietly closes what is left open; a coordinator should hear of it."""
    depth = 0
    for brace in _BRACE.findall(tex):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            raise MathsError("a } has no matching {")
    if depth:
        raise MathsError("a { has no matching }")


def _copy(source: ET.Element, parent: ET.Element) -> None:
    if source.tag not in ELEMENTS:
        raise MathsError(f"latex2mathml made an unexpected <{source.tag}>")
    attributes = {k: v for k, v in source.attrib.items() if k in ATTRIBUTES}
    text = html.unescape(source.text) if source.text else None
    # latex2mathml makes \pm and \mp identifiers, which sit tight against their neighbours.
    tag = "mo" if source.tag == "mi" and text in _OPERATORS else source.tag
    target = ET.SubElement(parent, tag, attributes)
    target.text = text
    if target.text and source.tag in ("mi", "mo") and _UNKNOWN.match(target.text):
        raise MathsError(f"'{target.text}' is not a command the site knows")
    for child in source:
        _copy(child, target)
        if child.tail:
            target[-1].tail = html.unescape(child.tail)


def _reason(error: Exception) -> str:
    name = type(error).__name__
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name.removesuffix("Error")).lower()
    messages = {
        "no available tokens": "a brace or an argument is missing",
        "numerator not found": "a fraction has no numerator",
        "denominator not found": "a fraction has no denominator",
        "missing super script or subscript": "a ^ or _ has nothing after it",
        "missing end": "a \\begin has no matching \\end",
        "double superscripts": "one term has two superscripts (group them in braces: x^{ab})",
        "double subscripts": "one term has two subscripts (group them in braces: x_{ab})",
        "extra left or missing right": "a \\left has no matching \\right",
        "limits must follow math operator": "\\limits follows something that is not an operator",
    }
    return messages.get(words, f"it does not parse as LaTeX ({words or name})")
