"""An item's key facts and call to action, in the words a coordinator would write in a newsletter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..model import KIND_LABELS, Cpd, Event, Item, Resource, Site, Story
from ..model.items import Occasion
from ..video import live

# What a resource is called in a call to action, by resource type.
_NOUNS = {"rich-task": "task", "lesson": "lesson", "assessment": "assessment", "guide": "guide"}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))


def local_when(occasion: Occasion, site: Site) -> str:
    """`Tuesday 20 January 2027, 16:00 to 17:00` in the site's time zone, its end's day too when it differs."""
    return live.when(occasion, site, zone=False)


def key_facts(item: Item, site: Site) -> list[Fact]:
    """Duration, presenter, phases, impact figure...: what makes a reader click, never the body."""
    facts: list[Fact] = []
    if isinstance(item, Resource) and item.resource_type:
        facts.append(Fact("Type", site.taxonomy.resource_types.get(item.resource_type, item.resource_type)))
    if isinstance(item, Cpd):
        if item.live is not None:
            facts.append(Fact("When", local_when(item.occasion, site)))
        elif item.duration:
            facts.append(Fact("Length", f"{minutes(item.duration)}-minute video"))
        if item.presenters:
            facts.append(Fact("Presented by", ", ".join(map(str, item.presenters))))
    if isinstance(item, Event) and (occasion := item.occasion):
        facts.append(Fact("When", ("Cancelled: " if occasion.cancelled else "") + local_when(occasion, site)))
        facts.append(Fact("Where", occasion.where))
        if occasion.register_by and not occasion.cancelled:
            local = occasion.register_by.astimezone(site.zone)
            facts.append(Fact("Book by", f"{local:%A} {local.day} {local:%B %Y}"))
    if isinstance(item, Story):
        if item.organisation:
            facts.append(Fact("Where", item.organisation))
        for impact in item.impact[:1]:
            text = impact.text or f"{impact.measure}: {impact.before} to {impact.after}"
            facts.append(Fact("Impact", text))
    if item.phases:
        facts.append(Fact("For", ", ".join(site.taxonomy.phases.get(p, p) for p in item.phases)))
    if isinstance(item, Resource) and item.downloads:
        facts.append(Fact("Download", ", ".join(f"{d.label} ({d.format})" if d.format else d.label
                                                 for d in item.downloads)))
    return facts


def headline_fact(item: Item, site: Site) -> str:
    """The one fact a social card has room for."""
    facts = key_facts(item, site)
    return facts[0].value if facts else KIND_LABELS[item.kind]


def call_to_action(item: Item, now: datetime) -> str:
    """"Watch the 8-minute video", "Download the task", "Read the story"; for a live session or an event,
    what it asks of readers at build time `now`: nobody is asked to join or book one that has ended."""
    if isinstance(item, Cpd):
        if item.live is not None and not live.over(item.occasion, now):
            return "Join the live session"
        if item.live is not None and item.video is None:
            return "Read about the session"
        return f"Watch the {minutes(item.duration)}-minute video" if item.duration else "Watch the video"
    if isinstance(item, Resource):
        noun = _NOUNS.get(item.resource_type, "resource")
        return f"Download the {noun}" if item.downloads else f"Read the {noun}"
    if isinstance(item, Event):
        # Only an event taking bookings asks people to book: an online one they just join.
        if live.taking_bookings(item.occasion, now):
            return "Book your place"
        if item.cancelled or live.over(item.occasion, now) or not item.join_url:
            return "Read about the event"
        return "Join online"
    return "Read the full story"
