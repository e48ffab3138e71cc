"""Times readers can take part in (live CPD sessions, events: any item whose `occasion` is set) as
calendars: each item's own `.ics` and the network's `calendar.ics`. A function of the model, no MkDocs."""

from __future__ import annotations

from datetime import datetime

from ..model import Catalogue, Item
from .ics import SITE_CALENDAR, calendar_path, item_calendar, sequence, site_calendar, uid

__all__ = ["SITE_CALENDAR", "calendar_path", "in_site_calendar", "item_calendar", "sequence", "site_calendar",
           "site_files", "subscription", "uid"]


def in_site_calendar(catalogue: Catalogue, now: datetime) -> list[Item]:
    """The occasions `calendar.ics` holds, soonest first: every one that ended in the twelve months
    before `now` or has not ended, cancelled ones included (so subscribers' calendars drop them)."""
    since = _year_before(now)
    return [item for item in catalogue.occasions() if item.occasion.end >= since]


def site_files(catalogue: Catalogue, now: datetime) -> dict[str, bytes]:
    """Site-relative path to content: each published occasion's own calendar file, and `calendar.ics`."""
    site = catalogue.site
    files = {calendar_path(item): item_calendar(item, site) for item in catalogue.occasions()}
    # Written even when it holds no event (a network without sessions, or none for a year): an
    # address a reader subscribed to must keep answering, and an empty calendar empties theirs where
    # a missing one is reported as broken.
    files[SITE_CALENDAR] = site_calendar(in_site_calendar(catalogue, now), site)
    return files


def subscription(catalogue: Catalogue) -> dict | None:
    """What the Subscribe page offers: the calendar's `webcal://` address (which calendar apps open
    as a subscription) and its `https://` one; None without `site_url` (a subscription needs the
    public address) or when the site has no session or event to put in it."""
    site = catalogue.site
    if not site.url or not catalogue.occasions():
        return None
    address = site.absolute(SITE_CALENDAR)
    return {"webcal": "webcal://" + address.split("://", 1)[1], "https": address, "path": SITE_CALENDAR,
            "name": site.name}


def _year_before(now: datetime) -> datetime:
    try:
        return now.replace(year=now.year - 1)
    except ValueError:  # 29 February
        return now.replace(year=now.year - 1, day=28)
