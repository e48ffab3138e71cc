"""matplotlib's SVG made fit to sit inside a page: named for readers, holding nothing live.

Inline rather than an <img>: the page's text colour and zoom apply, and the name is the page's own
text. So the SVG is cut down to drawing elements: no script, no <style> (an SVG's <style> styles the
whole page), no event attribute, no link outside itself, no comment (matplotlib writes each text
there, a CSV label included); its ids are prefixed so none can collide with the page's."""

from __future__ import annotations

import re
from xml.etree import ElementTree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
PREFIX = "tx-chart-"
TITLE_ID = PREFIX + "title"
_DRAWING = {"svg", "g", "defs", "path", "use", "clipPath", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
_URL = re.compile(r"url\(#([^)]+)\)")


def inline_svg(svg: bytes, title: str) -> str:
    """`svg` as an element for a page: role="img", named by a <title> holding `title` (escaped)."""
    root = ElementTree.fromstring(svg)  # comments and the DOCTYPE are dropped as it is read
    _clean(root)
    for name in ("width", "height", "version"):
        root.attrib.pop(name, None)
    root.set("role", "img")
    root.set("aria-labelledby", TITLE_ID)
    root.set("class", "tx-chart__svg")
    named = ElementTree.Element(f"{{{SVG}}}title", {"id": TITLE_ID})
    named.text = title
    root.insert(0, named)
    ElementTree.register_namespace("", SVG)
    return ElementTree.tostring(root, encoding="unicode")


def _clean(element: ElementTree.Element) -> None:
    for child in list(element):
        if child.tag.removeprefix(f"{{{SVG}}}") not in _DRAWING:
            element.remove(child)
        else:
            _clean(child)
    for name, value in list(element.attrib.items()):
        del element.attrib[name]
        local = name.rsplit("}", 1)[-1]
        if local.lower().startswith("on") or (local == "href" and not value.startswith("#")):
            continue
        if local == "id":
            value = PREFIX + value
        elif local == "href":
            value = "#" + PREFIX + value[1:]
        element.set(local, _URL.sub(lambda m: f"url(#{PREFIX}{m.group(1)})", value))
