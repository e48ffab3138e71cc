"""The site's search index, from the model and the one rendering of each page: what the plugin calls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ..bodies import Bodies
from ..model import Catalogue
from .pages import SearchPages, searchable_items
from .records import item_record, page_record
from .write import write_index


def index_site(catalogue: Catalogue, bodies: Bodies, pages: SearchPages, site_dir: Path, language: str,
               now: datetime) -> int:
    """Write the index of published items and the network's own pages into `site_dir`; returns the count."""

    def records() -> Iterator[tuple[str, str]]:
        for item in searchable_items(catalogue, now):
            yield item.url, item_record(item, bodies.html(item), catalogue.site, language)
        for url, (title, html) in pages.pages.items():
            yield url, page_record(title, html, language)

    return write_index(records(), site_dir)
