"""What a site should publish, worked out from its content files without the model.

Page and feed tests compare against this, not against the catalogue that produced the output:
a model that reversed its order, or lost an item, would otherwise agree with itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

KINDS = ("resources", "cpd", "stories", "events")


@dataclass(frozen=True)
class Expected:
    source: str
    url: str
    kind: str
    title: str
    published: datetime
    topics: tuple[str, ...]
    featured: bool
    units: tuple[str, ...] = ()  # the curriculum units it joins
    step: int | None = None  # its place in them


def published_items(docs: Path, now: datetime, zone: str = "Europe/London") -> list[Expected]:
    """Every item a reader should see at `now`, newest first (ties: the later path first)."""
    items = []
    for path in sorted(docs.rglob("*.md")):
        source = path.relative_to(docs).as_posix()
        kind, _, rest = source.partition("/")
        if kind not in KINDS or not rest or rest == "index.md" or any(p.startswith("_") for p in source.split("/")):
            continue
        fields = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        when = fields["date"]
        if not isinstance(when, datetime):  # a plain date starts at midnight where the network is
            when = datetime.combine(when if isinstance(when, date) else date.fromisoformat(when), time(), ZoneInfo(zone))
        if fields.get("draft") or when > now:
            continue
        items.append(Expected(source, source[:-3] + "/", kind, fields["title"], when, tuple(fields.get("topics") or ()),
                              bool(fields.get("featured")), tuple(fields.get("units") or ()), fields.get("step")))
    return sorted(items, key=lambda i: (i.published, i.source), reverse=True)


def related(item: Expected, items: list[Expected], limit: int = 5) -> list[Expected]:
    """Items sharing a topic with `item`: most topics in common first, then newest."""
    others = [(len(set(o.topics) & set(item.topics)), n, o) for n, o in enumerate(items) if o is not item]
    return [o for shared, n, o in sorted((t for t in others if t[0]), key=lambda t: (-t[0], t[1]))][:limit]
