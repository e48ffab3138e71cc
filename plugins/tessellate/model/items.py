"""The typed items a content file becomes. Pure data: no MkDocs, no rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Person:
    name: str
    organisation: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class Image:
    """`src` is a docs-relative path, or an https URL when `is_url`."""

    src: str
    alt: str
    decorative: bool = False
    is_url: bool = False


@dataclass(frozen=True)
class Download:
    """A file next to the page (`path`, docs-relative) or an https `url`."""

    label: str
    path: str = ""
    url: str = ""
    size: int | None = None

    @property
    def format(self) -> str:
        name = self.path or self.url.split("?")[0].split("#")[0]
        tail = name.rsplit("/", 1)[-1]
        return tail.rsplit(".", 1)[-1].upper() if "." in tail else ""


@dataclass(frozen=True)
class Video:
    """A hosted video (`provider` youtube or vimeo, with its `video_id`, an unlisted Vimeo video's
    privacy `hash`, and the `start` second the address gave) or a local file (`path`)."""

    provider: str
    url: str = ""
    video_id: str = ""
    path: str = ""
    size: int | None = None
    hash: str = ""
    start: int = 0

    @property
    def mime_type(self) -> str:
        return {"mp4": "video/mp4", "webm": "video/webm"}.get(self.path.rsplit(".", 1)[-1].lower(), "")


@dataclass(frozen=True)
class Chapter:
    at: int
    title: str


@dataclass(frozen=True)
class Series:
    name: str
    part: int


@dataclass(frozen=True)
class Live:
    start: datetime
    end: datetime
    join_url: str
    cancelled: bool = False  # status: cancelled


@dataclass(frozen=True)
class Occasion:
    """A time readers can take part in, whatever kind of item it belongs to (a live CPD session, an
    event): what the calendar, the announcement bar and the home page's upcoming list read."""

    start: datetime
    end: datetime
    where: str = "Online"  # a place, or "Online"
    join_url: str = ""
    register_url: str = ""
    register_by: datetime | None = None
    cancelled: bool = False

    @property
    def online(self) -> bool:
        """Whether it happens online only: `where` is "Online", however it is written."""
        return is_online(self.where)


def is_online(where: str) -> bool:
    return where.strip().casefold() == "online"


@dataclass(frozen=True)
class Quote:
    text: str
    by: str = ""
    role: str = ""


@dataclass(frozen=True)
class Impact:
    """Either a plain `text`, or a `measure` with `before` and `after`."""

    text: str = ""
    measure: str = ""
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Chart:
    """A story's progress chart: `values` by `labels`, and a goal per row where the CSV gives one
    (`goals` is () without a goal column, None for a row that leaves it blank). `path`: the CSV,
    docs-relative; `columns`: its headers for labels, values and goals."""

    title: str
    path: str
    columns: tuple[str, ...]
    labels: tuple[str, ...]
    values: tuple[float, ...]
    goals: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Item:
    """Fields every item has. `source` is the docs-relative path; `url` the site-relative address."""

    kind: str
    source: str
    url: str
    slug: str
    title: str
    summary: str
    published: datetime
    topics: tuple[str, ...]
    body: str
    body_line: int
    updated: datetime | None = None
    phases: tuple[str, ...] = ()
    authors: tuple[Person, ...] = ()
    image: Image | None = None
    draft: bool = False
    featured: bool = False
    units: tuple[str, ...] = ()  # the curriculum units it belongs to
    step: int | None = None  # its place in its units; without one it follows the stepped items, by date
    reviewed: datetime | None = None  # when someone last checked it still fits the curriculum
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def occasion(self) -> Occasion | None:
        """When readers can take part in it; None for an item that is only read or watched."""
        return None


@dataclass(frozen=True)
class Resource(Item):
    resource_type: str = ""
    downloads: tuple[Download, ...] = ()
    licence: str = ""


@dataclass(frozen=True)
class Cpd(Item):
    video: Video | None = None
    duration: int | None = None
    captions: str = ""
    poster: str = ""
    presenters: tuple[Person, ...] = ()
    outcomes: tuple[str, ...] = ()
    reflection: tuple[str, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    series: Series | None = None
    live: Live | None = None
    resources: tuple[str, ...] = ()

    @property
    def occasion(self) -> Occasion | None:
        live = self.live
        return live and Occasion(live.start, live.end, "Online", live.join_url, cancelled=live.cancelled)


@dataclass(frozen=True)
class Story(Item):
    organisation: str = ""
    quote: Quote | None = None
    impact: tuple[Impact, ...] = ()
    consent: bool = False
    uses: tuple[str, ...] = ()
    chart: Chart | None = None


@dataclass(frozen=True)
class Event(Item):
    """A meeting, convening or information evening: the network's own occasion, not a CPD video."""

    starts: datetime | None = None
    ends: datetime | None = None
    where: str = "Online"  # a place, or "Online"
    join_url: str = ""
    register_url: str = ""
    register_by: datetime | None = None
    cancelled: bool = False  # status: cancelled

    @property
    def occasion(self) -> Occasion | None:
        return Occasion(self.starts, self.ends, self.where, self.join_url, self.register_url, self.register_by,
                        self.cancelled) if self.starts and self.ends else None


def format_duration(seconds: int) -> str:
    """`M:SS`, or `H:MM:SS` from an hour."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def organisations(item: Item) -> list[str]:
    """Who an item comes from, as coverage and review name it: a story's organisation, or its authors' and
    presenters' organisations."""
    names = [getattr(item, "organisation", "")]
    names += [person.organisation for person in (*item.authors, *getattr(item, "presenters", ()))]
    unique = list(dict.fromkeys(name for name in names if name))
    return unique or ["No organisation given"]


def credited(item: Item) -> tuple[Person, ...]:
    """Who made `item`, as its citation, structured data and feeds all name them: a CPD session's presenters
    (its authors when it names none), anything else's authors; () when it names no one."""
    if isinstance(item, Cpd) and item.presenters:
        return item.presenters
    return item.authors
