"""What templates ask of the model, phrased for readers: labels, dates, sizes, groupings."""

from __future__ import annotations

from datetime import datetime

from markupsafe import Markup

from .. import maths, video
from ..model import KIND_LABELS, KINDS, SECTION_LABELS, Catalogue, Item, Site, build_time, format_duration
from ..model.kinds import in_listing_order
from . import listing
from ..model.licences import licence_deed
from ..sanitise import sanitise_html
from .citation import citation
from .class_share import class_share_links
from .jsonld import json_ld

HOME_NEWEST = 3


def long_date(moment: datetime | None, site: Site) -> str:
    """`7 February 2026`, in the site's time zone."""
    if moment is None:
        return ""
    local = moment.astimezone(site.zone)
    return f"{local.day} {local:%B %Y}"


def iso_date(moment: datetime | None, site: Site) -> str:
    return moment.astimezone(site.zone).date().isoformat() if moment else ""


def human_size(size: int | None) -> str:
    """`812 bytes`, `3.4 KB`, `12 MB`."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 10 else f"{size:.0f} {unit}"
    return ""


def maths_html(text: str) -> Markup | str:
    """A title or summary with its formulas typeset (text without maths is left for autoescape)."""
    return Markup(sanitise_html(maths.text_html(text), ())) if maths.has_maths(text) else text


def register_filters(env, site: Site) -> None:
    env.filters["tessellate_date"] = lambda moment: long_date(moment, site)
    env.filters["tessellate_iso"] = lambda moment: iso_date(moment, site)
    env.filters["tessellate_size"] = human_size
    env.filters["tessellate_maths"] = maths_html
    env.filters["tessellate_duration"] = lambda seconds: "" if seconds is None else format_duration(seconds)


class View:
    """The page being rendered, seen through the catalogue."""

    def __init__(self, catalogue: Catalogue, page, cards=None, base_url: str = ".") -> None:
        self.catalogue, self.page, self.site = catalogue, page, catalogue.site
        self.taxonomy = self.site.taxonomy
        self.kinds = list(KINDS)
        self.cards = cards  # the build's cards (pages/cards.py); None where no card is shown
        # From the page to the site's root, as card addresses start: "" at the root, else "../" and so on.
        self.base = "" if base_url in (".", "") else base_url.rstrip("/") + "/"

    def card(self, item: Item, level: int = 2):
        return self.cards.html(item, self.base, level)

    def json_ld(self, item: Item):
        return json_ld(item, self.site, self.catalogue.units_of(item))

    def citation(self, item: Item) -> dict:
        return citation(item, self.site)

    def class_share(self, item: Item) -> list[dict]:
        return class_share_links(item, self.site)

    def units(self, item: Item) -> list[dict]:
        """The curriculum units `item` belongs to, each as its page names it ("Year 9 · Proportional
        reasoning, step 2") with that page's site-relative `url`."""
        step = "" if item.step is None else f", step {item.step}"
        return [{"label": unit.label + step, "url": self.site.unit_url(unit.id)}
                for unit in self.catalogue.units_of(item)]

    def preview_note(self, item: Item) -> str:
        """Why a page the preview shows is not on the published site ("" when it is published)."""
        if item.draft:
            return "Draft: this page is not on the published site. Remove 'draft: true' to publish it."
        if item.published > build_time():
            return f"Scheduled: this page goes live on {long_date(item.published, self.site)}."
        return ""

    def kind_label(self, kind: str) -> str:
        return KIND_LABELS[kind]

    def section_label(self, kind: str) -> str:
        return SECTION_LABELS[kind]

    @staticmethod
    def in_text(label: str) -> str:
        """A kind's label inside a sentence: "Success stories" -> "success stories", "CPD" stays."""
        return label if label.isupper() else label.lower()

    def type_label(self, item: Item) -> str:
        resource_type = getattr(item, "resource_type", "")
        return self.taxonomy.resource_types.get(resource_type, "") if resource_type else KIND_LABELS[item.kind]

    def topic_label(self, topic: str) -> str:
        return self.taxonomy.topics.get(topic, topic)

    def phase_label(self, phase: str) -> str:
        return self.taxonomy.phases.get(phase, phase)

    def page_kind(self) -> str:
        return self.page.file.src_uri.split("/")[0]

    def page_number(self) -> int:
        """Which page of its kind's index this is (`resources/page/2/index.md` is 2)."""
        parts = self.page.file.src_uri.split("/")
        return int(parts[2]) if len(parts) == 4 and parts[1] == "page" else 1

    def index_list(self, level: int) -> dict:
        """A kind's index, or one of its further pages: the cards, the filter and the links to the others."""
        kind, number, per_page = self.page_kind(), self.page_number(), self.cards.per_page
        items = in_listing_order(KINDS[kind], self.catalogue.of_kind(kind), build_time())
        count = listing.pages(len(items), per_page)
        shown = items[listing.page_slice(number, per_page)]
        return {"total": len(items), "page": number, "pages": count, "per_page": per_page,
                "prev": self.base + listing.page_path(kind, number - 1) if number > 1 else "",
                "next": self.base + listing.page_path(kind, number + 1) if number < count else "",
                "facets": listing.facets(items, listing.INDEX_FACETS, self.site) if number == 1 else [],
                "data": self._data(items, level) if number == 1 else "",
                "groups": [{"kind": kind, "heading": "", "total": len(items), "all": None,
                            "cards": [self.card(item, level) for item in shown]}]}

    def topic_list(self, level: int) -> dict:
        """A topic's items by kind, each group's first cards, the filter, and links to each kind's whole list."""
        topic, per_page = self.page_topic(), self.cards.per_page
        on_topic = self.catalogue.on_topic(topic)
        groups = []
        for kind, items in self.topic_groups(topic):
            whole = {"href": f"{self.base}{kind}/?topic={topic}",
                     "label": listing.more_label(kind, len(items), self.topic_label(topic))}
            groups.append({"kind": kind, "heading": SECTION_LABELS[kind], "total": len(items),
                           "all": whole if len(items) > per_page else None,
                           "cards": [self.card(item, level) for item in items[:per_page]]})
        return {"total": len(on_topic), "page": 1, "pages": 1, "per_page": per_page, "prev": "", "next": "",
                "facets": listing.facets(on_topic, listing.TOPIC_FACETS, self.site),
                "data": self._data(on_topic, level) if on_topic else "", "groups": groups}

    def _data(self, items: list[Item], level: int) -> str:
        """Keep the list's data files for the build to write beside this page; the address of the first."""
        folder = self.page.file.dest_uri.rsplit("/", 1)[0] if "/" in self.page.file.dest_uri else ""
        files = listing.data_files(items, lambda item: self.card(item, level), listing.CHUNKS * self.cards.per_page)
        for name, text in files.items():
            self.cards.keep_data(self.page.file.src_uri, f"{folder}/{name}" if folder else name, text)
        return listing.DATA_FILE

    def page_topic(self) -> str:
        return self.page.file.src_uri.split("/")[1]

    def topic_groups(self, topic: str) -> list[tuple[str, list[Item]]]:
        """A topic's items by kind, each newest first; kinds with none are left out."""
        on_topic = self.catalogue.on_topic(topic)
        return [(kind, [i for i in on_topic if i.kind == kind]) for kind in KINDS
                if any(i.kind == kind for i in on_topic)]

    def topic_counts(self) -> list[tuple[str, str, int]]:
        return [(topic, label, len(self.catalogue.on_topic(topic))) for topic, label in self.taxonomy.topics.items()]

    def newest_by_kind(self) -> list[tuple[str, list[Item]]]:
        return [(kind, self.catalogue.of_kind(kind)[:HOME_NEWEST]) for kind in KINDS if self.catalogue.of_kind(kind)]

    def upcoming_live(self, kind: str = "") -> list[Item]:
        """Live sessions and events not yet ended (or only those of `kind`), soonest first."""
        return video.upcoming(self.catalogue, build_time(), kind)

    def upcoming_heading(self, items: list[Item]) -> str:
        return video.upcoming_heading(items)

    def listing_order(self, kind: str) -> str:
        """How a kind's index is ordered, as its count line says it."""
        return "upcoming ones soonest first, then past ones latest first" if KINDS[kind].timed else "newest first"

    # CPD pages: the player, live sessions and series come from the video output.
    def watch(self, item: Item) -> dict:
        return video.watch(item, self.site, build_time())

    def series(self, item: Item) -> dict | None:
        return video.series(item, self.catalogue)

    def card_session(self, item: Item) -> dict | None:
        return video.session(item, self.site, build_time())

    def licence(self, item: Item) -> tuple[str, str]:
        return licence_deed(item.licence)
