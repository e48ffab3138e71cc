"""The index, written by Pagefind's own indexer (the binary shipped in the `pagefind[bin]` wheel,
driven through its Python API), into `pagefind/` of the built site."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

INDEX_FOLDER = "pagefind"
# Pages sent to the indexer before waiting for its answers: it parses them on its own threads meanwhile.
_BATCH = 64


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

    async def run() -> int:
        count, batch = 0, []
        async with PagefindIndex(config=IndexConfig(output_path=str(output))) as index:
            for url, document in records:
                batch.append(index.add_html_file(content=document, url="/" + url.lstrip("/")))
                if len(batch) == _BATCH:
                    count += len(await asyncio.gather(*batch))
                    batch = []
            count += len(await asyncio.gather(*batch))
        return count

    try:
        return asyncio.run(run())
    except (OSError, AssertionError, RuntimeError) as error:
        raise SearchError(f"Pagefind could not write the search index into {output}: {error}") from error
