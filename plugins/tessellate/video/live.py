"""Live sessions as readers see them at build time: upcoming until their end, then a recording."""

from __future__ import annotations

from datetime import datetime

from ..model import Catalogue, Cpd, Item, Site
from ..occasions import calendar_path


def upcoming(catalogue: Catalogue, now: datetime) -> list[Item]:
    """Sessions that have not ended, soonest first."""
    live = [i for i in catalogue.of_kind("cpd") if getattr(i, "live", None) and i.live.end > now]
    return sorted(live, key=lambda i: (i.live.start, i.source))


def when(item: Cpd, site: Site) -> str:
    """`Wednesday 20 January 2027, 16:00 to 16:45 GMT`, in the site's time zone."""
    start, end = item.live.start.astimezone(site.zone), item.live.end.astimezone(site.zone)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    finish = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%A} {end.day} {end:%B %Y}, {end:%H:%M}"
    return f"{day}, {start:%H:%M} to {finish} {end.tzname()}"


def session(item: Item, site: Site, now: datetime) -> dict | None:
    """What a page says about an item's live session; None when it has none."""
    live = getattr(item, "live", None)
    if live is None:
        return None
    return {"upcoming": live.end > now, "started": live.start <= now, "when": when(item, site),
            "start": live.start.isoformat(), "end": live.end.isoformat(), "join": live.join_url,
            "calendar": calendar_path(item), "recording": getattr(item, "video", None) is not None}


def next_session(catalogue: Catalogue, now: datetime) -> dict | None:
    """The soonest session not yet ended, for the announcement bar; None when there is none."""
    sessions = upcoming(catalogue, now)
    if not sessions:
        return None
    item = sessions[0]
    return {"title": item.title, "url": item.url, "when": when(item, catalogue.site),
            "started": item.live.start <= now}
