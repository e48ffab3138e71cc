"""Each item's body HTML, rendered once per build with the site's own Markdown, reused by every output.

Pages render each body through MkDocs (the site's `markdown_extensions`, its link rewriting); feeds,
snippets and search read the result from here instead of parsing Markdown a second time, so every
output shows the same text, and the extensions a network adds (maths, say) reach them all."""

from __future__ import annotations

from urllib.parse import urljoin

from .model import Item, Site


class Bodies:
    """Sanitised body HTML by item source, with addresses as the item's page resolves them."""

    def __init__(self) -> None:
        self._html: dict[str, str] = {}

    def keep(self, item: Item, html: str) -> None:
        self._html[item.source] = html

    def html(self, item: Item) -> str:
        """The body as on the item's page ("" for an item whose page was not built)."""
        return self._html.get(item.source, "")

    def clear(self) -> None:
        self._html.clear()


def page_address(url: str, item: Item, site: Site) -> str:
    """The absolute form of an address written in the item's page, as a browser on that page resolves it."""
    return urljoin(site.absolute(item.url), url.strip())
