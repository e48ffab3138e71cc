"""Which pages search covers: published items, and the pages a network wrote itself.

Drafts and items dated in the future never, even in the preview that shows them; nor the pages
the engine generates (indexes of cards, topic lists, the share kit, 404), whose text is other
pages' titles and would answer every query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..model import Catalogue, Item


@dataclass
class SearchPages:
    """The network's own pages of this build, kept as they render, for the index."""

    pages: dict[str, tuple[str, str]] = field(default_factory=dict)

    def keep(self, url: str, title: str, html: str) -> None:
        self.pages[url] = (title, html)

    def clear(self) -> None:
        self.pages.clear()


def searchable_items(catalogue: Catalogue, now: datetime) -> list[Item]:
    """Items published at `now`."""
    return [item for item in catalogue.items if not item.draft and item.published <= now]


def is_written_page(file) -> bool:
    """True for a Markdown page of the network's own, not one the engine or a plugin generated."""
    return file.is_documentation_page() and not file.generated_by and not hasattr(file, "tessellate_item")


def excluded(meta: dict) -> bool:
    """Material's way to keep a page out of search: `search: {exclude: true}` in its front matter."""
    setting = meta.get("search")
    return isinstance(setting, dict) and setting.get("exclude") is True
