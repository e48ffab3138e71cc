"""A feed as JSON Feed 1.1 bytes (https://www.jsonfeed.org/version/1.1/), from the same model, items and
entry HTML as its RSS and Atom twins.

JSON is data, so nothing here is escaped for HTML: `content_html` is the entry HTML the sanitiser already made
safe, and every other member is plain text. json.dumps writes control characters as \\u escapes; lone
surrogates, which UTF-8 cannot carry, are dropped as they are for XML. Members keep one fixed order (the spec
asks for `version` first), so the same model always gives the same bytes."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..maths import plain_text
from ..model import Item, Resource, Site
from ..model.items import credited
from .catalogue_feeds import Feed
from .content import image_url, xml_text

VERSION = "https://jsonfeed.org/version/1.1"
# A download whose type its name does not tell is still a file to fetch; attachments need a type.
UNKNOWN_TYPE = "application/octet-stream"


def render_json(feed: Feed, site: Site, html_of: Callable[[Item], str], language: str) -> bytes:
    """The feed as a JSON Feed 1.1 document: its items in the RSS feed's order."""
    document = {
        "version": VERSION,
        "title": xml_text(feed.title),
        "home_page_url": feed.page_url,
        "feed_url": feed.json_url,
        "description": xml_text(feed.description),
        "language": language,
        "authors": [{"name": xml_text(site.name), "url": site.url}],
        "items": [_item(item, site, html_of(item)) for item in feed.items],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _item(item: Item, site: Site, html: str) -> dict[str, Any]:
    url = site.absolute(item.url)
    entry: dict[str, Any] = {
        "id": url,  # the RSS guid and Atom id: a reader moving between formats sees the same entries
        "url": url,
        "title": xml_text(plain_text(item.title)),
        "content_html": html,
        "summary": xml_text(plain_text(item.summary)),
        "date_published": item.published.isoformat(),
    }
    if item.updated:
        entry["date_modified"] = item.updated.isoformat()
    if authors := credited(item):
        entry["authors"] = [{"name": xml_text(str(person))} for person in authors]
    if item.topics:
        entry["tags"] = [xml_text(site.taxonomy.topics.get(topic, topic)) for topic in item.topics]
    if item.image is not None:
        entry["image"] = image_url(item, site)
    if attachments := _attachments(item, site):
        entry["attachments"] = attachments
    return entry


def _attachments(item: Item, site: Site) -> list[dict[str, Any]]:
    """The files a reader can fetch from the entry: a CPD item's own video, a resource's downloads."""
    attachments = []
    video, duration = getattr(item, "video", None), getattr(item, "duration", None)
    if video is not None and video.path and video.mime_type:
        attachments.append({"url": site.absolute(video.path), "mime_type": video.mime_type, "title": "Video"}
                           | ({"size_in_bytes": video.size} if video.size else {})
                           | ({"duration_in_seconds": duration} if duration else {}))
    for download in item.downloads if isinstance(item, Resource) else ():
        address = download.url or site.absolute(download.path)
        mime_type = mimetypes.guess_type(urlsplit(address).path)[0]  # a query or fragment hides the suffix
        attachments.append({"url": address, "mime_type": mime_type or UNKNOWN_TYPE, "title": xml_text(download.label)}
                           | ({"size_in_bytes": download.size} if download.size else {}))
    return attachments
