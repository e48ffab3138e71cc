"""Keep items out of the navigation: Material renders the whole nav into every page."""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


def prune_navigation(nav: Navigation, hide: set[str]) -> Navigation:
    """Drop pages whose source is in `hide`, then sections left empty or holding one page."""
    items = _prune(nav.items, hide, None)
    pages = [page for page in nav.pages if page.file.src_uri not in hide and _contains(items, page)]
    for previous, following in zip([None, *pages], [*pages, None]):
        if previous is not None:
            previous.next_page = following
        if following is not None:
            following.previous_page = previous
    return Navigation(items, pages)


def _prune(items: list, hide: set[str], parent: Section | None) -> list:
    kept = []
    for item in items:
        if isinstance(item, Page) and item.file.src_uri in hide:
            continue
        if isinstance(item, Section):
            item.children = _prune(item.children, hide, item)
            if not item.children:
                continue
            if len(item.children) == 1 and isinstance(item.children[0], Page):
                only = item.children[0]
                only.parent = parent
                kept.append(only)
                continue
        item.parent = parent
        kept.append(item)
    return kept


def _contains(items: list, page: Page) -> bool:
    return any(item is page or (isinstance(item, Section) and _contains(item.children, page)) for item in items)
