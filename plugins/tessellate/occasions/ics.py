"""Occasions as iCalendar (RFC 5545), made with the icalendar library: one item's own `.ics` and the
site's `calendar.ics`, whose events are the same VEVENT, so a subscriber's calendar and a downloaded
file agree on every session and event.

Two properties decide whether a calendar replaces an entry or adds a second one:

- UID is `{kind}-{slug}@{host}`, as the first calendar files had it: subscribers already hold these.
- SEQUENCE must rise when the time moves or the occasion is cancelled (RFC 5545 3.8.7.4), and a build
  must be byte-stable, so it cannot count builds or read the clock. It is derived from the item's last
  change, `updated:` (else `date:`): twice the minutes from 2000-01-01 to it, plus one when cancelled.
  Moving a session and setting `updated:` to today raises it; cancelling raises it even when
  `updated:` was not touched; minutes since 2000, doubled, fit the 32-bit INTEGER RFC 5545 allows
  until the year 4000. DTSTAMP is that same moment: without a METHOD, RFC 5545 3.8.7.2 makes DTSTAMP
  the time the event's information was last revised, not when the file was written.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vDuration, vText, vUri

from ..model import Item, Site

PRODID = "-//Tessellate//occasions//EN"
SITE_CALENDAR = "calendar.ics"  # at the site's root, beside sitemap.xml
REFRESH = timedelta(days=1)  # how often a subscribed calendar is asked to check again
_ORIGIN = datetime(2000, 1, 1, tzinfo=timezone.utc)


def calendar_path(item: Item) -> str:
    """Where an item's own calendar file is written, beside its page's source: `cpd/x.ics`."""
    return item.source.removesuffix(".md") + ".ics"


def uid(item: Item, site: Site) -> str:
    """The event's UID, the same in every build and in both calendar files."""
    host = urlsplit(site.url).hostname or "tessellate.invalid"
    return f"{item.kind}-{item.slug}@{host}"


def sequence(item: Item) -> int:
    """The revision number calendars compare (see the module's note): it rises with `updated:` and on cancelling."""
    minutes = max(0, int((_revised(item) - _ORIGIN).total_seconds() // 60))
    return 2 * minutes + (1 if item.occasion.cancelled else 0)


def item_calendar(item: Item, site: Site) -> bytes:
    """An item's own calendar file: its occasion as one VEVENT."""
    calendar = _calendar()
    calendar.add_component(_event(item, site))
    return calendar.to_ical()


def site_calendar(items: list[Item], site: Site) -> bytes:
    """The network's calendar: `items` (each with an occasion) as VEVENTs in the order given, named
    for the network and asking subscribers' apps to check it daily."""
    calendar = _calendar()
    # NAME and X-WR-* are unknown to icalendar, which would write their text unescaped: given as
    # vText, a line break or `;` in the site's name stays inside its property.
    for name in ("name", "x-wr-calname"):
        calendar.add(name, vText(site.name))
    if site.description:
        for name in ("description", "x-wr-caldesc"):
            calendar.add(name, vText(site.description))
    calendar.add("x-wr-timezone", vText(site.timezone))  # times are UTC; this is how apps show them
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    if site.url:
        calendar.add("source", vUri(site.absolute(SITE_CALENDAR)), parameters={"VALUE": "URI"})
    for item in items:
        calendar.add_component(_event(item, site))
    if not items:
        # RFC 5545 (3.6) wants a calendar to hold at least one component, and strict readers refuse
        # one without: a time zone, UTC (the one its times are written in), is one, and shows as no event.
        calendar.add_component(_utc_zone())
    return calendar.to_ical()


def _utc_zone() -> Timezone:
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzname", "UTC")
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    zone = Timezone()
    zone.add("tzid", "UTC")
    zone.add_component(standard)
    return zone


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


def _event(item: Item, site: Site) -> Event:
    occasion = item.occasion
    page = site.absolute(item.url) if site.url else ""
    event = Event()
    event.add("uid", uid(item, site))
    event.add("dtstamp", _revised(item))
    event.add("sequence", sequence(item))
    event.add("dtstart", occasion.start.astimezone(timezone.utc))
    event.add("dtend", occasion.end.astimezone(timezone.utc))
    # Outlook has no cancelled state: a subscribed event whose STATUS is CANCELLED shows as one that
    # takes place. So its title says so, and its place is no longer the link to join.
    event.add("summary", f"Cancelled: {item.title}" if occasion.cancelled else item.title)
    event.add("status", "CANCELLED" if occasion.cancelled else "CONFIRMED")
    if address := page or occasion.join_url or occasion.register_url:
        event.add("url", address)
    online = occasion.online
    if location := (occasion.join_url if online and occasion.join_url and not occasion.cancelled else occasion.where):
        event.add("location", location)
    event.add("description", _description(item, site, page))
    return event


def _description(item: Item, site: Site, page: str) -> str:
    occasion = item.occasion
    lines = ["Cancelled: it will not take place." if occasion.cancelled else ""]
    if not occasion.cancelled:
        if occasion.join_url:
            lines.append(f"Join: {occasion.join_url}")
        if occasion.register_url:
            by = occasion.register_by
            lines.append(f"Register: {occasion.register_url}" + (f" (by {day(by, site)})" if by else ""))
    if page:
        lines.append(f"Details: {page}")
    return item.summary + "\n\n" + "\n".join(line for line in lines if line)


def day(when: datetime, site: Site) -> str:
    """`Wednesday 24 February 2027`, in the site's time zone."""
    local = when.astimezone(site.zone)
    return f"{local:%A} {local.day} {local:%B %Y}"


def _revised(item: Item) -> datetime:
    return (item.updated or item.published).astimezone(timezone.utc)
