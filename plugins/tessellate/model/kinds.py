"""What a kind of item is, declared once: its folder, its item class and reader, and the words pages,
feeds, the scaffold and the editor use for it. Every output reads this table, so a new kind is one
declaration here and its fields in contract.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from .events import read_event
from .items import Cpd, Event, Item, Resource, Story
from .schema import read_cpd, read_resource, read_story


@dataclass(frozen=True)
class Kind:
    id: str  # its folder in the content folder and its address: resources/
    item: type[Item]
    read: Callable  # (fields, site, source) -> the kind's own fields, as the item class takes them
    label: str  # one item, as a page's Type and a card's label say it: "Resource"
    section: str  # its index's title: "Resources"
    one: str  # one item in a sentence: "a new {one}", "1 resource"
    many: str  # several in a sentence: "3 resources"
    listed: str  # the index in a sentence: "All resources", "Newest CPD"
    feed: str  # its feed's description; {name} is the network's
    body: str  # the text `build.py new` starts a file with
    words: tuple[str, ...] = ()  # what a coordinator may type for it besides its id (`new story`)
    links: str = ""  # the field naming other items, each reported on its own line
    counted: bool = True  # teaching material: counted on the coverage grid and the curriculum map
    timed: bool = False  # listed by its occasion: upcoming soonest first, then past newest first


KINDS: dict[str, Kind] = {kind.id: kind for kind in (
    Kind("resources", Resource, read_resource, "Resource", "Resources", "resource", "resources", "resources",
         "New teaching resources from {name}.",
         "## The task\n\nWhat students do, in two or three sentences.\n\n## Running it\n\n"
         "1. Timings and steps.\n\n## Misconceptions to listen for\n\n- A misconception, and a question that tests for it.\n",
         words=("resource",)),
    Kind("cpd", Cpd, read_cpd, "CPD", "CPD", "CPD video", "CPD videos", "CPD",
         "New bite-sized CPD videos and live sessions from {name}.",
         "What this video helps teachers do, in two or three sentences.\n\n## Transcript\n\n"
         "Paste the transcript here, or give captions: with a .vtt file beside this page.\n",
         links="resources"),
    Kind("stories", Story, read_story, "Success story", "Success stories", "success story", "success stories",
         "success stories", "New success stories from {name}.",
         "What the school or college did, and what changed, in a few paragraphs.\n",
         words=("story",), links="uses"),
    Kind("events", Event, read_event, "Event", "Events", "event", "events", "events",
         "Meetings, convenings and information evenings of {name}.",
         "What the event is for and who should come, in two or three sentences.\n\n## Programme\n\n"
         "- 16:00 Welcome\n",
         words=("event",), counted=False, timed=True),
)}

# Kept for the modules and tests that name a kind's words by id.
KIND_LABELS = {kind.id: kind.label for kind in KINDS.values()}
SECTION_LABELS = {kind.id: kind.section for kind in KINDS.values()}


def in_listing_order(kind: Kind, items: Sequence[Item], now: datetime) -> list[Item]:
    """A kind's items as its index lists them: newest first; a timed kind's not yet ended first, soonest
    first, then those ended, the latest first."""
    if not kind.timed:
        return list(items)
    timed = [item for item in items if item.occasion is not None]
    coming = sorted((i for i in timed if i.occasion.end > now), key=lambda i: (i.occasion.start, i.source))
    past = sorted((i for i in timed if i.occasion.end <= now), key=lambda i: (i.occasion.start, i.source), reverse=True)
    return coming + past + [item for item in items if item.occasion is None]


def in_words(kinds: list[str] | tuple[str, ...] | None = None) -> str:
    """`resources, cpd, stories or events`: the ids (or any words given), as a hint or the guide lists them."""
    ids = list(kinds or KINDS)
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} or {ids[-1]}"
