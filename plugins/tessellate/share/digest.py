"""Newsletter digests: the items published in a date range, a section per kind, and the live sessions and events to come."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup

from ..model import KINDS, SECTION_LABELS, Catalogue, Item
from ..video import live
from . import render
from .email import Entry, document, entry, frame
from .options import ShareOptions

# An unsubscribe setting that is an address leads somewhere on any page; anything else is the mailing
# tool's merge tag (*|UNSUB|*, {{ unsubscribe_url }}), an address only once the tool fills it in.
_ADDRESS = re.compile(r"https?://[^\s\"'<>{}|\\^`*]+")


@dataclass(frozen=True)
class Section:
    heading: str
    entries: list[Entry]


@dataclass(frozen=True)
class Digest:
    html: str  # a complete email document
    fragment: str  # the same email without its document, to paste into an email editor
    text: str
    count: int
    preview: str  # the fragment as the site's page shows it: a merge tag as text, not a link to nowhere


def in_range(catalogue: Catalogue, since: date, until: date) -> list[Item]:
    """Items published from `since` to `until` inclusive, by the date in the site's time zone, newest first."""
    zone = catalogue.site.zone
    return [i for i in catalogue.items if since <= i.published.astimezone(zone).date() <= until]


def latest_month(catalogue: Catalogue) -> tuple[date, date] | None:
    """The calendar month of the newest item, first and last day; None when there is no item."""
    if not catalogue.items:
        return None
    newest = catalogue.items[0].published.astimezone(catalogue.site.zone).date()
    first = newest.replace(day=1)
    following = first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1)
    return first, date.fromordinal(following.toordinal() - 1)


def digest(catalogue: Catalogue, options: ShareOptions, since: date, until: date, now: datetime,
           title: str = "", intro_html: str = "", intro_text: str = "") -> Digest:
    """The newsletter for items published from `since` to `until`."""
    site = catalogue.site
    items = in_range(catalogue, since, until)
    title = title or f"News from {site.name}: {_span(since, until)}"
    sections = [Section(SECTION_LABELS[kind], [entry(i, site, options, now=now) for i in items if i.kind == kind])
                for kind in KINDS if any(i.kind == kind for i in items)]
    # An occasion published in the range is listed once, in its kind's section (its facts say when it is).
    listed = {i.url for i in items}
    coming = [i for i in live.going_ahead(catalogue, now) if i.url not in listed]
    upcoming = [entry(i, site, options, now=now) for i in coming]
    preheader = f"{len(items)} new from {site.name}: " + ", ".join(i.title for i in items[:3])
    data = {**frame(site, options), "title": title, "sections": sections, "upcoming": upcoming,
            "upcoming_heading": live.upcoming_heading(coming), "preheader": preheader,
            "from_name": options.from_name or site.name, "unsubscribe": options.unsubscribe, "unsubscribe_link": True}
    fragment = render.email_fragment("digest.html", intro=Markup(intro_html), **data)
    preview = fragment if not options.unsubscribe or _ADDRESS.fullmatch(options.unsubscribe) else render.email_fragment(
        "digest.html", intro=Markup(intro_html), **{**data, "unsubscribe_link": False})
    return Digest(document(title, fragment), fragment, render.text("digest.txt", intro=intro_text, **data), len(items),
                  preview)


def _span(since: date, until: date) -> str:
    if (since.year, since.month) == (until.year, until.month) and since.day == 1:
        return f"{since:%B %Y}"
    return f"{since.day} {since:%B %Y} to {until.day} {until:%B %Y}"
