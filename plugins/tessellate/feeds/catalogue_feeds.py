"""Which feeds a site has: the whole site, each kind, each topic and each curriculum unit, with their paths,
titles and items."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import KINDS, Catalogue, Item, Site

RSS_NAME = "feed.xml"
ATOM_NAME = "feed.atom"
JSON_NAME = "feed.json"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
JSON_TYPE = "application/feed+json"

@dataclass(frozen=True)
class Feed:
    """One feed, published at `folder` + feed.xml (RSS), `folder` + feed.atom (Atom) and `folder` + feed.json
    (JSON Feed 1.1)."""

    slug: str
    scope: str
    label: str
    title: str
    description: str
    folder: str
    page_url: str
    rss_url: str
    atom_url: str
    json_url: str
    items: tuple[Item, ...]

    @property
    def rss_path(self) -> str:
        return self.folder + RSS_NAME

    @property
    def atom_path(self) -> str:
        return self.folder + ATOM_NAME

    @property
    def json_path(self) -> str:
        return self.folder + JSON_NAME


# Every page asks for its feeds; the catalogue does not change during a build, so the last answer is kept.
_last: tuple[Catalogue, list[Feed]] | None = None


def all_feeds(catalogue: Catalogue) -> list[Feed]:
    """Every feed of the site, or none when `site_url` is not set (a feed needs absolute addresses)."""
    global _last
    if _last is None or _last[0] is not catalogue:
        _last = (catalogue, _collect(catalogue))
    return list(_last[1])


def feeds_for_page(catalogue: Catalogue, src_uri: str) -> list[Feed]:
    """The feeds a page advertises: its own first on kind and topic pages, the site's everywhere."""
    feeds = all_feeds(catalogue)
    if not feeds:
        return []
    site_feed, by_folder = feeds[0], {feed.folder: feed for feed in feeds[1:]}
    parts = src_uri.split("/")
    if len(parts) == 2 and parts[1] == "index.md" and f"{parts[0]}/" in by_folder:
        return [by_folder[f"{parts[0]}/"], site_feed]
    if (len(parts) == 3 and parts[0] in ("topics", "curriculum") and parts[2] == "index.md"
            and f"{parts[0]}/{parts[1]}/" in by_folder):
        return [by_folder[f"{parts[0]}/{parts[1]}/"], site_feed]
    item = catalogue.by_source(src_uri)
    if item is not None:
        return [site_feed, by_folder[f"{item.kind}/"]]
    return [site_feed]


def _collect(catalogue: Catalogue) -> list[Feed]:
    site = catalogue.site
    if not site.url:
        return []
    description = site.description or f"New resources, CPD and success stories from {site.name}."
    feeds = [_feed(site, "all", "site", "Everything", site.name, description, "", "", catalogue.items)]
    for kind in KINDS.values():
        feeds.append(_feed(site, kind.id, "kind", kind.section, f"{site.name}: {kind.section}",
                           kind.feed.format(name=site.name), f"{kind.id}/",
                           f"{kind.id}/index.md", catalogue.of_kind(kind.id)))
    for topic, label in site.taxonomy.topics.items():
        feeds.append(_feed(site, f"topic-{topic}", "topic", label, f"{site.name}: {label}",
                           f"New resources, CPD and success stories about {label} from {site.name}.",
                           f"topics/{topic}/", f"topics/{topic}/index.md", catalogue.on_topic(topic)))
    for unit in site.units.values():
        items = [item for item in catalogue.items if unit.id in item.units]  # newest first, as every feed
        page = site.unit_page(unit.id)
        feeds.append(_feed(site, f"unit-{unit.id}", "unit", unit.label, f"{site.name}: {unit.label}",
                           f"New resources, CPD and success stories for {unit.label} from {site.name}.",
                           page.removesuffix("index.md"), page, items))
    return feeds


def _feed(site: Site, slug: str, scope: str, label: str, title: str, description: str, folder: str,
          page_source: str, items: list[Item] | tuple[Item, ...]) -> Feed:
    page = site.page_url(page_source) if page_source else ""
    return Feed(slug=slug, scope=scope, label=label, title=title, description=description, folder=folder,
                page_url=site.absolute(page), rss_url=site.absolute(folder + RSS_NAME),
                atom_url=site.absolute(folder + ATOM_NAME), json_url=site.absolute(folder + JSON_NAME), items=tuple(items[:site.feed_size]))
