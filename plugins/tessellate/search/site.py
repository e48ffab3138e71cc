"""The site's search index, from the model and the one rendering of each page: what the plugin calls.

Pagefind cannot add to an index, and indexing 5,000 pages cost it 18 s of CPU here, so the last
index is kept in the build cache under a digest of every document it read (and Pagefind's
version): a build whose searchable text did not change links it in instead of indexing again."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from ..bodies import Bodies
from ..links import link_tree
from ..model import Catalogue
from .pages import SearchPages, searchable_items
from .records import item_record, page_record
from .write import INDEX_FOLDER, write_index


def index_site(catalogue: Catalogue, bodies: Bodies, pages: SearchPages, site_dir: Path, language: str,
               now: datetime, cache: Path, stop: threading.Event | None = None) -> int:
    """Write the index of published items and the network's own pages into `site_dir`, reusing the
    one kept in the folder `cache` when nothing searchable changed, else keeping the new one there;
    returns how many pages it holds. Raises Stopped if `stop` is set while Pagefind indexes."""

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
    kept = cache / digest.hexdigest()[:32]
    if kept.is_dir():
        link_tree(kept, site_dir / INDEX_FOLDER)
        return count
    count = write_index(records(), site_dir, stop)
    _keep(site_dir / INDEX_FOLDER, cache, kept)
    return count


def _keep(index: Path, cache: Path, kept: Path) -> None:
    """Keep `index` as the cache's only index, at `kept`; another build at once loses nothing."""
    scratch = cache / f".{kept.name}-{os.getpid()}"
    link_tree(index, scratch)
    for old in cache.iterdir():
        if old != scratch and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    try:
        scratch.rename(kept)
    except OSError:  # the same index, kept by a build that finished first
        shutil.rmtree(scratch, ignore_errors=True)
