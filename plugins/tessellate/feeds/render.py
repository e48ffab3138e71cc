"""A feed as RSS 2.0 and Atom 1.0 bytes, made with feedgen from the model."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from datetime import datetime, timezone
from html import escape

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..maths import plain_text
from ..model import Item, Site
from ..model.items import credited
from .catalogue_feeds import ATOM_TYPE, RSS_TYPE, Feed
from .content import image_url, xml_text

MEDIA_NS = "http://search.yahoo.com/mrss/"
GENERATOR = "Tessellate"
LANGUAGE = "en-GB"
# A site with no published item at all still needs a fixed date, never the clock.
NO_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def render(feed: Feed, site: Site, html_of: Callable[[Item], str], fallback: datetime | None = None) -> tuple[bytes, bytes]:
    """The feed as (RSS 2.0, Atom 1.0) documents; the same model gives the same bytes."""
    generator = _generator(feed, site, fallback or NO_DATE)
    for item in feed.items:
        _add_entry(generator, item, site, html_of(item))
    documents = []
    description = xml_text(feed.description)
    # RSS readers treat the channel's <description> as HTML too; Atom's <subtitle> is plain text.
    for self_url, mime_type, write, about in ((feed.rss_url, RSS_TYPE, generator.rss_str, escape(description, quote=False)),
                                              (feed.atom_url, ATOM_TYPE, generator.atom_str, description)):
        generator.description(about)
        # feedgen gives RSS the last link as its <link>, so the page comes after the self link.
        generator.link([{"href": self_url, "rel": "self", "type": mime_type},
                        {"href": feed.page_url, "rel": "alternate", "type": "text/html"}], replace=True)
        documents.append(write(pretty=True, encoding="UTF-8", xml_declaration=True))
    return documents[0], documents[1]


def newest_change(items: tuple[Item, ...] | list[Item]) -> datetime | None:
    """When the newest change among `items` happened: the latest `updated` or `date`."""
    return max((item.updated or item.published for item in items), default=None)


def _generator(feed: Feed, site: Site, fallback: datetime) -> FeedGenerator:
    generator = FeedGenerator()
    generator.register_extension("media", _MediaFeed, _MediaEntry)
    generator.load_extension("dc", atom=False, rss=True)
    generator.id(feed.page_url)
    generator.title(xml_text(feed.title))
    generator.language(LANGUAGE)
    generator.author({"name": xml_text(site.name)})
    generator.generator(GENERATOR)
    # The newest change, never the clock: unchanged content must give byte-identical feeds.
    generator.updated(newest_change(feed.items) or fallback)
    if feed.items:
        generator.pubDate(feed.items[0].published)
    return generator


def _add_entry(generator: FeedGenerator, item: Item, site: Site, html: str) -> None:
    entry = generator.add_entry(order="append")  # feedgen prepends by default
    url = site.absolute(item.url)
    entry.guid(url, permalink=True)
    entry.title(xml_text(plain_text(item.title)))
    entry.link(href=url, rel="alternate", type="text/html")
    entry.published(item.published)
    entry.updated(item.updated or item.published)
    # RSS readers treat <description> as HTML, so the plain-text summary is escaped once more for RSS.
    summary = xml_text(plain_text(item.summary))
    entry.summary(summary, type="text")
    entry.description(escape(summary, quote=False), isSummary=False)
    entry.content(html, type="html")
    for topic in item.topics:
        entry.category(term=topic, label=xml_text(site.taxonomy.topics.get(topic, topic)),
                       scheme=site.absolute("topics/"))
    if people := credited(item):
        entry.author([{"name": xml_text(str(person))} for person in people])
        entry.dc.dc_creator([xml_text(str(person)) for person in people])
    _add_media(entry, item, site)


def _add_media(entry, item: Item, site: Site) -> None:
    if item.image is not None:
        image_type = mimetypes.guess_type(item.image.src)[0]
        entry.media.add({"url": image_url(item, site), "medium": "image"} | ({"type": image_type} if image_type else {}))
    video, duration = getattr(item, "video", None), getattr(item, "duration", None)
    if video is None:
        return
    seconds = {"duration": str(duration)} if duration else {}
    if video.path:
        href = site.absolute(video.path)
        size = {"fileSize": str(video.size)} if video.size else {}
        entry.media.add({"url": href, "type": video.mime_type, "medium": "video", "expression": "full"} | size | seconds)
        if video.size:
            entry.media.enclosure = {"href": href, "type": video.mime_type, "length": str(video.size)}
    else:
        entry.media.add({"medium": "video", "expression": "full"} | seconds, player=_player(video))


def _player(video) -> str:
    """The embeddable player of a hosted video, the form Media RSS expects without a file address."""
    if video.provider == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video.video_id}"
    # An unlisted video's page address ends with its privacy hash, which the player needs as ?h=.
    unlisted = video.url.rstrip("/").rsplit("/", 1)[-1]
    return f"https://player.vimeo.com/video/{video.video_id}" + (f"?h={unlisted}" if unlisted != video.video_id else "")


class _MediaFeed(BaseExtension):
    """Declares the Media RSS namespace, which RSS and Atom readers both understand."""

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class _MediaEntry(BaseEntryExtension):
    """An entry's enclosure and media:content elements, written here because feedgen 1.0.0 drops the rel,
    type and length of Atom entry links, and puts media:content in a media:group of one (a validator warning)."""

    def __init__(self) -> None:
        self.contents: list[tuple[dict[str, str], str]] = []
        self.enclosure: dict[str, str] = {}

    def add(self, attributes: dict[str, str], player: str = "") -> None:
        self.contents.append((attributes, player))

    def extend_atom(self, entry):
        if self.enclosure:
            etree.SubElement(entry, "link", {"rel": "enclosure"} | self.enclosure)
        return self._add_contents(entry)

    def extend_rss(self, item):
        if self.enclosure:
            enclosure = self.enclosure
            etree.SubElement(item, "enclosure", {"url": enclosure["href"], "length": enclosure["length"],
                                                 "type": enclosure["type"]})
        return self._add_contents(item)

    def _add_contents(self, entry):
        for attributes, player in self.contents:
            content = etree.SubElement(entry, f"{{{MEDIA_NS}}}content", attributes)
            if player:
                etree.SubElement(content, f"{{{MEDIA_NS}}}player", {"url": player})
        return entry
