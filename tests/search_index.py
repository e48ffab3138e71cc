"""Reading a built site's search index back, as Pagefind stores it: one gzipped JSON fragment per page
(after a `pagefind_dcd` signature), holding the page's URL, indexed text and metadata."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def search_records(site: Path) -> list[dict]:
    """Every page the index holds: {"url", "content", "meta"}, URLs site-relative (no leading '/')."""
    records = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), f"{path.name} is not a Pagefind fragment"
        record = json.loads(data[len(SIGNATURE):])
        record["url"] = record["url"].lstrip("/")
        records.append(record)
    return records
