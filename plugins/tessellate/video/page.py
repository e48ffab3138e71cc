"""What a CPD page shows above its text, decided at build time: the player, the live session, or
the promise of a recording; and where the item sits in its series."""

from __future__ import annotations

from datetime import datetime

from ..model import Catalogue, Cpd, Site
from .live import session
from .player import player


def watch(item: Cpd, site: Site, now: datetime) -> dict:
    """`heading`, the live `session` (or None), the `player` (or None), and `recording_soon`."""
    live = session(item, site, now)
    upcoming = bool(live and live["upcoming"])
    shown = None if upcoming else player(item)
    return {"heading": "Live session" if upcoming or (live and not shown) else "Watch", "session": live,
            "player": shown, "recording_soon": bool(live and not upcoming and shown is None)}


def toc(item: Cpd, catalogue: Catalogue, now: datetime) -> list[tuple[str, str]]:
    """(title, id) of the headings the CPD template puts before the body, in page order."""
    shown = watch(item, catalogue.site, now)
    entries = [(shown["heading"], "tx-watch")]
    if shown["player"] and item.chapters:
        entries.append(("Chapters", "tx-chapters"))
    for title, anchor, present in (("By the end you will", "tx-outcomes", item.outcomes),
                                   ("Reflect and try", "tx-reflection", item.reflection),
                                   ("Resources for this session", "tx-resources", catalogue.resources_for(item))):
        if present:
            entries.append((title, anchor))
    return entries


def series(item: Cpd, catalogue: Catalogue) -> dict | None:
    """The series' parts in order, with the `previous` and `next` part around this one."""
    if item.series is None:
        return None
    parts = catalogue.series_of(item)
    here = next((n for n, part in enumerate(parts) if part.source == item.source), None)
    if here is None:
        return None
    return {"name": item.series.name, "part": item.series.part, "parts": parts,
            "previous": parts[here - 1] if here > 0 else None,
            "next": parts[here + 1] if here + 1 < len(parts) else None}
