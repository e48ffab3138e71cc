"""Reading built pages back the way a reader's browser sees them (and calendar text as a calendar app does)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    """The parsed HTML of the page at site-relative `url` (like `resources/x/`)."""
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def main(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The page's article, without header, navigation and footer."""
    return tree.cssselect("article.md-content__inner")[0]


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def nav_links(tree: lxml.html.HtmlElement) -> set[str]:
    """Links in the primary navigation sidebar and the tabs, excluding the page's own table of contents."""
    links = set()
    for nav in tree.cssselect("nav.md-nav--primary, nav.md-tabs"):
        for link in nav.cssselect("a.md-nav__link, a.md-tabs__link"):
            if not link.get("href", "").startswith("#"):
                links.add(link.get("href"))
    return links


def card_titles(container: lxml.html.HtmlElement) -> list[str]:
    return [text(a) for a in container.cssselect(".tx-card__title a")]


def ics_text(value) -> str:
    """A calendar's TEXT value unescaped as RFC 5545 3.3.11 says: icalendar leaves NAME and X-WR-* as written."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(value))
