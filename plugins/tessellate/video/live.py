"""Live sessions and events as readers see them at build time: upcoming until their end, then a
recording (a session) or "This event has ended". Any item with an occasion is read alike."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..model import KINDS, Catalogue, Item, Site
from ..model.items import Occasion
from ..occasions import calendar_path
from ..occasions.ics import day


def upcoming(catalogue: Catalogue, now: datetime, kind: str = "") -> list[Item]:
    """Live sessions and events (or only those of `kind`) that have not ended, soonest first."""
    return [i for i in catalogue.occasions() if not over(i.occasion, now) and (not kind or i.kind == kind)]


def going_ahead(catalogue: Catalogue, now: datetime) -> list[Item]:
    """Live sessions and events that have not ended and are not cancelled, soonest first: what is announced."""
    return [i for i in upcoming(catalogue, now) if not i.occasion.cancelled]


def upcoming_heading(items: list[Item]) -> str:
    """"Upcoming live sessions", "Upcoming events", or both, as the list holds them."""
    kinds = {item.kind for item in items}
    if len(kinds) > 1:
        return "Upcoming live sessions and events"
    if kinds == {"cpd"}:
        return "Upcoming live sessions"
    return f"Upcoming {KINDS[kinds.pop()].listed if kinds else ''}"


def when(occasion: Occasion, site: Site, zone: bool = True) -> str:
    """`Wednesday 20 January 2027, 16:00 to 16:45 GMT`, in the site's time zone (named unless not `zone`)."""
    start, end = occasion.start.astimezone(site.zone), occasion.end.astimezone(site.zone)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    finish = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%A} {end.day} {end:%B %Y}, {end:%H:%M}"
    return f"{day}, {start:%H:%M} to {finish}" + (f" {end.tzname()}" if zone else "")


def session(item: Item, site: Site, now: datetime) -> dict | None:
    """What a page or card says about an item's occasion (a live session, an event); None when it has none."""
    occasion = item.occasion
    if occasion is None:
        return None
    online = occasion.online
    return {"upcoming": not over(occasion, now), "started": occasion.start <= now, "when": when(occasion, site),
            "start": occasion.start.isoformat(), "end": occasion.end.isoformat(), "join": occasion.join_url,
            "where": "Online" if online else occasion.where, "online": online,
            "register": occasion.register_url,
            "register_by": day(occasion.register_by, site) if occasion.register_by else "",
            "register_by_iso": occasion.register_by.astimezone(site.zone).date().isoformat()
            if occasion.register_by else "",
            "booking_closed": booking_closed(occasion, now),
            "cancelled": occasion.cancelled, "calendar": calendar_path(item),
            "recording": getattr(item, "video", None) is not None}


def booking_closed(occasion: Occasion, now: datetime) -> bool:
    """Whether `register_by` (a day, read as its midnight in the site's time zone) has passed."""
    return occasion.register_by is not None and now >= occasion.register_by + timedelta(days=1)


def over(occasion: Occasion, now: datetime) -> bool:
    """Whether the occasion has ended at build time `now`."""
    return occasion.end <= now


def taking_bookings(occasion: Occasion, now: datetime) -> bool:
    """Whether to ask readers to book at build time `now`: it has a booking address, is going ahead, has not
    ended, and its `register_by` has not passed."""
    return (bool(occasion.register_url) and not occasion.cancelled and not over(occasion, now)
            and not booking_closed(occasion, now))


def as_shown(item: Item, now: datetime) -> tuple:
    """An item as a page or a share kit shows it: its fields, and what the time of the build changes about it."""
    occasion = item.occasion
    return repr(item), item.published > now, *((occasion.start <= now, over(occasion, now),
                                                booking_closed(occasion, now)) if occasion else ())


def next_session(catalogue: Catalogue, now: datetime) -> dict | None:
    """The soonest session or event not yet ended, for the announcement bar; None when there is none.
    A cancelled one is not announced."""
    announced = going_ahead(catalogue, now)
    if not announced:
        return None
    item = announced[0]
    return {"title": item.title, "url": item.url, "when": when(item.occasion, catalogue.site),
            "started": item.occasion.start <= now, "what": "live session" if item.kind == "cpd" else "event"}
