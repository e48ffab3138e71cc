"""The index, written by Pagefind's own indexer: the binary shipped in the `pagefind-bin` wheel.

The documents go to a scratch folder and the binary indexes it as its command line does, then
exits. Not through the package's Python API: its wrapper polls for each answer every 0.1 s (500 s
for one request per page at 5,000 pages), and stops the indexer as soon as it answers "written",
which under load left files such as pagefind.js empty."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from ..scratch import scratch_parent

INDEX_FOLDER = "pagefind"


class SearchError(Exception):
    """The index could not be written; the message says why and what to do."""


class Stopped(Exception):
    """The index was not written: whoever asked for it no longer wants it (a newer preview rebuild)."""


def write_index(records: Iterable[tuple[str, str]], site_dir: Path, stop: threading.Event | None = None) -> int:
    """Index each (site-relative URL, document) into `site_dir`/pagefind; returns how many pages. If
    `stop` is set meanwhile, the indexer is stopped and Stopped raised."""
    output = site_dir / INDEX_FOLDER
    with tempfile.TemporaryDirectory(prefix="tessellate-search-", dir=scratch_parent()) as scratch:
        written = 0
        for url, document in records:
            path = Path(scratch) / file_for(url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document, encoding="utf-8")
            written += 1
        process = subprocess.Popen([str(indexer()), "--site", scratch, "--output-path", str(output.resolve()), "--silent"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = _finished(process, stop)
    if process.returncode != 0:
        raise SearchError(f"Pagefind could not write the search index into {output}: {(err or out).strip()[-500:]}")
    indexed = len(list((output / "fragment").glob("*.pf_fragment")))
    if indexed != written:
        raise SearchError(f"Pagefind indexed {indexed} of {written} pages into {output}")
    return indexed


def _finished(process: subprocess.Popen, stop: threading.Event | None) -> tuple[str, str]:
    """What the indexer printed once it exits; if `stop` is set first, it is stopped instead."""
    while True:
        try:
            return process.communicate(timeout=None if stop is None else 0.1)
        except subprocess.TimeoutExpired:  # asked again, nothing it printed is lost
            if stop.is_set():
                process.kill()
                process.communicate()
                raise Stopped from None


def indexer() -> Path:
    """Pagefind's binary, from the pagefind-bin wheel (or PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        raise SearchError("the pagefind package is missing: install Tessellate with its dependencies "
                          "(pip install -c constraints.txt -e .)") from error
    binary = get_executable()
    if binary is None:
        raise SearchError("Pagefind's indexer is missing: install 'pagefind[bin]' (pip install -c constraints.txt -e .)")
    return binary


def file_for(url: str) -> str:
    """The file whose address is the site-relative `url` (Pagefind derives each result's address from it)."""
    url = url.lstrip("/")
    return url + "index.html" if url == "" or url.endswith("/") else url
