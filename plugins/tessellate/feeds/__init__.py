"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds for the site, each kind, each topic and each curriculum unit, and the
links that advertise them."""

from __future__ import annotations

import logging
from pathlib import Path

from ..bodies import Bodies
from ..model import Catalogue, Item
from .catalogue_feeds import ATOM_TYPE, JSON_TYPE, RSS_TYPE, Feed, all_feeds, feeds_for_page
from .content import entry_html
from .json_feed import render_json
from .render import newest_change, render

__all__ = ["Feed", "all_feeds", "discovery_links", "write_feeds"]

log = logging.getLogger("mkdocs.plugins.tessellate")


def discovery_links(catalogue: Catalogue, src_uri: str) -> list[tuple[str, str, str]]:
    """(title, absolute href, MIME type) of the feeds a page should advertise in its <head>."""
    links = []
    for feed in feeds_for_page(catalogue, src_uri):
        links.append((f"{feed.title} (RSS)", feed.rss_url, RSS_TYPE))
        links.append((f"{feed.title} (Atom)", feed.atom_url, ATOM_TYPE))
        links.append((f"{feed.title} (JSON Feed)", feed.json_url, JSON_TYPE))
    return links


def write_feeds(catalogue: Catalogue, bodies: Bodies, site_dir: Path, language: str = "en") -> None:
    """Write every feed under `site_dir`; the JSON Feeds name `language`, the theme's."""
    site = catalogue.site
    if not site.url:
        log.warning("No feeds were written: feeds need the site's public address. "
                    "Set site_url in mkdocs.yml, e.g. site_url: https://maths.example.org/")
        return
    html: dict[str, str] = {}

    def html_of(item: Item) -> str:
        if item.source not in html:
            html[item.source] = entry_html(item, site, bodies.html(item))
        return html[item.source]

    fallback = newest_change(catalogue.items)
    for feed in all_feeds(catalogue):
        rss, atom = render(feed, site, html_of, fallback)
        json_feed = render_json(feed, site, html_of, language)
        for path, document in ((feed.rss_path, rss), (feed.atom_path, atom), (feed.json_path, json_feed)):
            if (site.docs_dir / path).exists():
                log.warning(f"{path}: the content folder has a file where a feed is published; the feed replaces it "
                            f"(rename or move {path} in the content folder)")
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document)
