"""An item's key facts and call to action, in the words a coordinator would write in a newsletter."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import KIND_LABELS, Cpd, Item, Resource, Site, Story

# What a resource is called in a call to action, by resource type.
_NOUNS = {"rich-task": "task", "lesson": "lesson", "assessment": "assessment", "guide": "guide"}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))


def local_when(item: Cpd, site: Site) -> str:
    """`Tuesday 20 January 2027, 16:00 to 17:00` in the site's time zone."""
    start, end = item.live.start.astimezone(site.zone), item.live.end.astimezone(site.zone)
    return f"{start:%A} {start.day} {start:%B %Y, %H:%M} to {end:%H:%M}"


def key_facts(item: Item, site: Site) -> list[Fact]:
    """Duration, presenter, phases, impact figure...: what makes a reader click, never the body."""
    facts: list[Fact] = []
    if isinstance(item, Resource) and item.resource_type:
        facts.append(Fact("Type", site.taxonomy.resource_types.get(item.resource_type, item.resource_type)))
    if isinstance(item, Cpd):
        if item.live is not None:
            facts.append(Fact("When", local_when(item, site)))
        elif item.duration:
            facts.append(Fact("Length", f"{minutes(item.duration)}-minute video"))
        if item.presenters:
            facts.append(Fact("Presented by", ", ".join(map(str, item.presenters))))
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


def call_to_action(item: Item) -> str:
    """"Watch the 8-minute video", "Download the task", "Read the story"."""
    if isinstance(item, Cpd):
        if item.live is not None:
            return "Join the live session"
        return f"Watch the {minutes(item.duration)}-minute video" if item.duration else "Watch the video"
    if isinstance(item, Resource):
        noun = _NOUNS.get(item.resource_type, "resource")
        return f"Download the {noun}" if item.downloads else f"Read the {noun}"
    return "Read the full story"
