"""Headings a template draws above the body, added to the page's table of contents."""

from __future__ import annotations

from mkdocs.structure.toc import AnchorLink


def prepend(page, entries: list[tuple[str, str]]) -> None:
    """Put (title, id) `entries` first in the page's table of contents, at the level of the body's headings."""
    page.toc.items[:0] = [AnchorLink(title, anchor, 2) for title, anchor in entries]
