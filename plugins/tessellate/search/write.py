"""The index, written by Pagefind's own indexer (the binary shipped in the `pagefind[bin]` wheel,
driven through its Python API), into `pagefind/` of the built site.

The documents go to a scratch folder and Pagefind reads the folder in one request: its Python
wrapper polls for each answer every 0.1 s, so one request per page would cost 500 s at 5,000 pages,
and reading a folder lets Pagefind parse on all its threads."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterable
from pathlib import Path

INDEX_FOLDER = "pagefind"


class SearchError(Exception):
    """The index could not be written; the message says why and what to do."""


def write_index(records: Iterable[tuple[str, str]], site_dir: Path) -> int:
    """Index each (site-relative URL, document) into `site_dir`/pagefind; returns how many pages."""
    try:
        from pagefind.index import IndexConfig, PagefindIndex
        from pagefind.service import get_executable
    except ImportError as error:
        raise SearchError("the pagefind package is missing: install Tessellate with its dependencies "
                          "(pip install -c constraints.txt -e .)") from error
    if get_executable() is None:
        raise SearchError("Pagefind's indexer is missing: install 'pagefind[bin]' (pip install -c constraints.txt -e .)")
    output = site_dir / INDEX_FOLDER

    async def run(folder: Path) -> int:
        async with PagefindIndex(config=IndexConfig(output_path=str(output))) as index:
            return (await index.add_directory(str(folder)))["page_count"]

    with tempfile.TemporaryDirectory(prefix="tessellate-search-") as scratch:
        written = 0
        for url, document in records:
            path = Path(scratch) / file_for(url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document, encoding="utf-8")
            written += 1
        try:
            indexed = asyncio.run(run(Path(scratch)))
        except Exception as error:  # the wrapper raises bare Exceptions with Pagefind's message
            raise SearchError(f"Pagefind could not write the search index into {output}: {error}") from error
    if indexed != written:
        raise SearchError(f"Pagefind indexed {indexed} of {written} pages into {output}")
    return indexed


def file_for(url: str) -> str:
    """The file whose address is the site-relative `url` (Pagefind derives each result's address from it)."""
    url = url.lstrip("/")
    return url + "index.html" if url == "" or url.endswith("/") else url
