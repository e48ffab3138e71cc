"""What the model needs to know about the site: address, taxonomy and defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_EMBEDS = ("www.geogebra.org", "www.desmos.com", "www.youtube-nocookie.com", "player.vimeo.com")
CURRICULUM_PAGE = "curriculum/index.md"  # the curriculum map; each unit's page is in a folder beside it


# What an occasion (a live session, an event) may say of itself; without `status:` it goes ahead.
STATUSES = {"cancelled": "Cancelled"}


@dataclass(frozen=True)
class Taxonomy:
    """Ids mapped to the labels readers see."""

    topics: dict[str, str] = field(default_factory=dict)
    phases: dict[str, str] = field(default_factory=dict)
    resource_types: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Unit:
    """A unit of the scheme of work: items join it with `units:` and take their place in it with `step:`."""

    id: str
    title: str
    stage: str  # the id of the stage it belongs to
    stage_title: str
    term: str = ""

    @property
    def label(self) -> str:
        """How pages name it: "Year 9 · Proportional reasoning"."""
        return f"{self.stage_title} · {self.title}"


@dataclass(frozen=True)
class Stage:
    """A stage of the curriculum (a year, a course), with its units in teaching order."""

    id: str
    title: str
    units: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Site:
    """A network's settings, as read from `mkdocs.yml` by whoever calls the model."""

    name: str
    docs_dir: Path
    url: str = ""
    description: str = ""
    licence: str = "CC-BY-4.0"
    bite_sized_minutes: int = 15
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    timezone: str = "Europe/London"
    embeds: tuple[str, ...] = DEFAULT_EMBEDS
    feed_size: int = 50
    directory_urls: bool = True
    hashtags: tuple[str, ...] = ()
    handles: dict[str, str] = field(default_factory=dict)
    # Which of MkDocs' link checks warn (mkdocs.yml's `validation: links:`), so `check` warns as the
    # build will: not_found, unrecognized_links, absolute_links; relative_to_docs when an address
    # starting with / is looked up in the content folder.
    link_warnings: frozenset[str] = frozenset({"not_found"})
    curriculum: tuple[Stage, ...] = ()  # the stages in order, each with its units in teaching order
    review_after_months: int = 24  # an item not reviewed for this long is listed as due for review

    def __post_init__(self) -> None:
        if self.url and not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    @property
    def units(self) -> dict[str, Unit]:
        """Every unit of the curriculum by id, in teaching order (stage by stage)."""
        return {unit.id: unit for stage in self.curriculum for unit in stage.units}

    def choices(self, group: str) -> dict[str, str]:
        """The ids a field may take (a taxonomy group, or "units") mapped to the labels readers see."""
        if group == "units":
            return {key: unit.label for key, unit in self.units.items()}
        if group == "statuses":
            return STATUSES
        return getattr(self.taxonomy, group)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)  # ZoneInfo caches instances by key

    def absolute(self, path: str) -> str:
        """The public address of a site-relative `path`, honouring a `site_url` sub-path."""
        return self.url + path.lstrip("/")

    def page_url(self, source: str) -> str:
        """The site-relative address MkDocs gives the Markdown file `source`."""
        stem = source[:-3] if source.endswith(".md") else source
        parent, _, name = stem.rpartition("/")
        if name in ("index", "README"):
            return f"{parent}/" if parent else ""
        if not self.directory_urls:
            return f"{stem}.html"
        return f"{stem}/"

    def unit_page(self, unit: str) -> str:
        """The source the engine gives the page of `unit` (an id): the one place a unit's address is decided."""
        return f"curriculum/{unit}/index.md"

    def unit_url(self, unit: str) -> str:
        """The site-relative address of the page of `unit` (an id)."""
        return self.page_url(self.unit_page(unit))
