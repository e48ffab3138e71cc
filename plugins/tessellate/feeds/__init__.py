"""RSS 2.0 and Atom 1.0 feeds for the site, each kind and each topic. (Placeholder until the feeds issue.)"""

from __future__ import annotations

from pathlib import Path

from ..model import Catalogue


def discovery_links(catalogue: Catalogue, src_uri: str) -> list[tuple[str, str, str]]:
    """(title, absolute href, MIME type) of the feeds a page should advertise in its <head>."""
    return []


def write_feeds(catalogue: Catalogue, site_dir: Path) -> None:
    """Write every feed under `site_dir`."""
