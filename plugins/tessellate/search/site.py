"""The site's search index, from the model and the one rendering of each page: what the plugin calls.

Pagefind cannot add to an index, and indexing 5,000 pages cost it 18 s of CPU here, so the last
index is kept in the build cache (store.py) under a digest of every document it read (and Pagefind's
version): a build whose searchable text did not change writes it out again instead of indexing."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from ..bodies import Bodies
from ..model import Catalogue
from ..store import Store, pack, unpack, write_new
from .pages import SearchPages, searchable_items
from .records import item_record, page_record
from .write import INDEX_FOLDER, write_index


def index_site(catalogue: Catalogue, bodies: Bodies, pages: SearchPages, site_dir: Path, language: str,
               now: datetime, store: Store, stop: threading.Event | None = None) -> int:
    """Write the index of published items and the network's own pages into `site_dir`, reusing the
    one kept in `store` when nothing searchable changed, else keeping the new one there (the only
    one kept); returns how many pages it holds. Raises Stopped if `stop` is set while Pagefind indexes."""

    def records() -> Iterator[tuple[str, str]]:
        for item in searchable_items(catalogue, now):
            yield item.url, item_record(item, bodies.html(item), catalogue.site, language)
        for url, (title, html) in pages.pages.items():
            yield url, page_record(title, html, language)

    # Made twice when the index must be written, rather than held: 5,000 documents are 40 MB.
    digest = hashlib.sha256(f"pagefind {version('pagefind-bin')} command line".encode())
    count = 0
    for url, document in records():
        digest.update(f"{len(url)}:{url}{len(document)}:{document}".encode())
        count += 1
    key, index = digest.hexdigest(), site_dir / INDEX_FOLDER
    if (files := unpack(store.read(key) or b"")) is not None:
        for name, data in files.items():
            write_new(index / name, data)
    else:
        count = write_index(records(), site_dir, stop)
        store.write(key, pack({path.relative_to(index).as_posix(): path.read_bytes()
                               for path in sorted(index.rglob("*")) if path.is_file()}))
    store.prune()
    return count
