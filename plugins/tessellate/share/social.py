"""Social posts for an item, one per platform, each within that platform's limit as it counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..maths import plain_text
from ..model import Event, Item, Site
from ..video import live
from .counting import characters, graphemes, mastodon_length, x_length
from .facts import local_when
from .options import ShareOptions, tracked

ELLIPSIS = "…"


@dataclass(frozen=True)
class Platform:
    name: str
    label: str
    limit: int
    count: Callable[[str], int]
    unit: str = "characters"
    links: bool = True
    picture: str = ""  # the card to post the text with, where the platform shows no link's card


PLATFORMS = (
    Platform("x", "X", 280, x_length),
    Platform("bluesky", "Bluesky", 300, graphemes, unit="graphemes"),
    Platform("mastodon", "Mastodon", 500, mastodon_length),
    Platform("linkedin", "LinkedIn", 3000, characters),
    Platform("instagram", "Instagram", 2200, characters, links=False, picture="card-portrait.png"),
)


def hashtag(label: str) -> str:
    """`Ratio and proportion` -> `#RatioAndProportion`; "" when nothing usable is left."""
    tag = "".join(w[:1].upper() + w[1:] for w in re.findall(r"\w+", label))
    return f"#{tag}" if tag else ""


def hashtags(item: Item, site: Site) -> list[str]:
    """The site's own hashtags, then the item's topics, each once."""
    tags: list[str] = []
    for tag in [hashtag(t) for t in site.hashtags] + [hashtag(site.taxonomy.topics.get(t, t)) for t in item.topics]:
        if tag and tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    return tags


def posts(item: Item, site: Site, options: ShareOptions, now: datetime) -> dict[str, str]:
    """{platform: text} for every platform, as at build time `now`."""
    return {platform.name: post(item, site, options, platform, now) for platform in PLATFORMS}


def post(item: Item, site: Site, options: ShareOptions, platform: Platform, now: datetime) -> str:
    link = tracked(site.absolute(item.url), platform.name, options) if platform.links else ""
    where = f"{link}" if link else "Link in bio."
    handle = site.handles.get(platform.name, "")
    tags = hashtags(item, site)
    for kept in range(len(tags), -1, -1):  # drop topic tags from the end before cutting the text to nothing
        tail = "\n\n" + where + "\n\n" + " ".join(tags[:kept] + ([f"via {handle}"] if handle else []))
        tail = tail.rstrip()
        head = fit(f"{plain_text(item.title)}\n\n{_occasion_line(item, site, now)}{plain_text(item.summary)}",
                   lambda text: platform.count(text + tail),
                   platform.limit)
        if head:
            return head + tail
    return fit(where, platform.count, platform.limit)


def _occasion_line(item: Item, site: Site, now: datetime) -> str:
    """An event's when and where, then "Book your place." while it takes bookings at build time `now`, as the
    first line under its title; "" for other items."""
    if not isinstance(item, Event) or (occasion := item.occasion) is None:
        return ""
    state = "Cancelled: " if occasion.cancelled else ""
    action = " Book your place." if live.taking_bookings(occasion, now) else ""
    return f"{state}{local_when(occasion, site)}, {occasion.where}.{action}\n\n"


def fit(text: str, count: Callable[[str], int], limit: int) -> str:
    """`text` if it fits, else its longest start ending at a word boundary, with an ellipsis."""
    if count(text) <= limit:
        return text
    ends = [m.start() for m in re.finditer(r"\s+", text)]
    low, high, best = 0, len(ends) - 1, ""
    while low <= high:  # the longest start that fits; counting is monotonic in the length
        middle = (low + high) // 2
        candidate = text[: ends[middle]].rstrip(" ,;:.-–—\n") + ELLIPSIS
        if count(candidate) <= limit:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best
