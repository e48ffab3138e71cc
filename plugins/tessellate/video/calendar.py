"""A live session as a calendar file (.ics), made with the icalendar library."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from ..model import Cpd, Site


def calendar_path(item: Cpd) -> str:
    """Where the session's calendar file is written, beside its page's source: `cpd/x.ics`."""
    return item.source.removesuffix(".md") + ".ics"


def session_calendar(item: Cpd, site: Site, now: datetime) -> bytes:
    """One VEVENT: the same UID every build (so calendars update, not duplicate), times in UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//Tessellate//live sessions//EN")
    calendar.add("version", "2.0")
    event = Event()
    host = urlsplit(site.url).hostname or "tessellate.invalid"
    event.add("uid", f"{item.kind}-{item.slug}@{host}")
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("dtstart", item.live.start.astimezone(timezone.utc))
    event.add("dtend", item.live.end.astimezone(timezone.utc))
    event.add("summary", item.title)
    page = site.absolute(item.url) if site.url else item.live.join_url
    event.add("url", page)
    event.add("description", f"{item.summary}\n\nJoin: {item.live.join_url}\nDetails: {page}")
    event.add("location", item.live.join_url)
    calendar.add_component(event)
    return calendar.to_ical()
