"""Read every content file into items, and answer the questions pages, feeds and snippets ask."""

from __future__ import annotations

import calendar
import heapq
import itertools
import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from datetime import MAXYEAR, datetime, timezone
from pathlib import Path

from . import consequences, targets
from . import files as published_files
from .body import check_body, check_maths
from .fields import Fields, did_you_mean
from .items import Cpd, Item, Resource, Story
from .kinds import KINDS
from .kept import KeptReads
from .problems import Problem, Problems
from .schema import read_item
from .site import Site, Unit
from .source import read_source


USABLE = ("resources", "cpd")  # what a story's `uses:` may name


@dataclass
class Catalogue:
    """The published items (newest first), what must not be published, and every problem found."""

    site: Site
    items: tuple[Item, ...] = ()
    hidden: frozenset[str] = frozenset()
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    broken_links: tuple[targets.BrokenLink, ...] = ()  # every one, warned of or not, for the build's messages

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def of_kind(self, kind: str) -> list[Item]:
        return self._by_kind.get(kind, [])

    def on_topic(self, topic: str) -> list[Item]:
        return self._by_topic.get(topic, [])

    def in_unit(self, unit: str) -> list[Item]:
        """The unit's items in teaching order: by step, then those without one, oldest first."""
        return self._by_unit.get(unit, [])

    def units_of(self, item: Item) -> list[Unit]:
        """The curriculum units `item` names, as the site's Unit records, in the item's order."""
        units = self.site.units
        return [units[unit] for unit in item.units if unit in units]

    def due_for_review(self, now: datetime) -> list[Item]:
        """Items whose review falls due by `now` (review_after_months after they were last checked), oldest first."""
        months = self.site.review_after_months
        due = [item for item in self.items if review_due(last_checked(item), months) <= now]
        return sorted(due, key=lambda item: (last_checked(item), item.source))

    def occasions(self) -> list[Item]:
        """Every item with an occasion (a live session, an event), soonest first."""
        return list(self._occasions)

    @cached_property
    def _occasions(self) -> tuple[Item, ...]:
        # Once a build: every page's announcement bar asks, and a scan of the items a page would be
        # pages × items, 25 million occasions made for a network of 5,000 items.
        timed = [item for item in self.items if item.occasion is not None]
        return tuple(sorted(timed, key=lambda item: (item.occasion.start, item.source)))

    def featured(self) -> list[Item]:
        return [item for item in self.items if item.featured]

    def by_source(self, source: str) -> Item | None:
        return self._by_source.get(source)

    def related(self, item: Item, limit: int = 5) -> list[Item]:
        """Other items sharing a topic with `item`, most shared topics first, then newest."""
        key = (frozenset(item.topics), limit)
        if key not in self._related:
            self._related[key] = self._rank_related(key[0], limit + 1)  # +1: the item itself drops out
        return [other for other in self._related[key] if other is not item][:limit]

    def _rank_related(self, topics: frozenset[str], count: int) -> list[Item]:
        """The first `count` items by topics shared with `topics`, then newest. Items with the same
        topics rank alike, so this is worked out once per set of topics, not once per item: a
        build's cost stays linear in the number of items."""
        by_overlap: dict[int, list[list[Item]]] = {}
        for other_topics, group in self._by_topic_set.items():
            if overlap := len(topics & other_topics):
                by_overlap.setdefault(overlap, []).append(group)
        ranked: list[Item] = []
        for overlap in sorted(by_overlap, reverse=True):
            merged = heapq.merge(*by_overlap[overlap], key=lambda i: self._position[i.source])
            ranked += itertools.islice(merged, count - len(ranked))
            if len(ranked) >= count:
                break
        return ranked

    def resources_for(self, cpd: Cpd) -> list[Item]:
        return [self._resources_by_slug[slug] for slug in cpd.resources if slug in self._resources_by_slug]

    def cpd_using(self, resource: Resource) -> list[Item]:
        return list(self._cpd_by_resource.get(resource.slug, ()))

    def uses_of(self, story: Story) -> list[Item]:
        """The resources and CPD a story's `uses:` names, in its order."""
        return [item for slug in story.uses for item in self._usable_by_slug.get(slug, ())]

    def stories_using(self, item: Item) -> list[Item]:
        return list(self._stories_by_use.get(item.slug, ()))

    def series_of(self, cpd: Cpd) -> list[Item]:
        return [] if cpd.series is None else list(self._series.get(cpd.series.name, ()))

    # Indexes, built once on first use: pages ask these questions once per page.
    @cached_property
    def _by_kind(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = {}
        for item in self.items:
            index.setdefault(item.kind, []).append(item)
        return index

    @cached_property
    def _by_topic(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = {}
        for item in self.items:
            for topic in item.topics:
                index.setdefault(topic, []).append(item)
        return index

    @cached_property
    def _by_unit(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = {}
        for item in self.items:
            for unit in item.units:
                index.setdefault(unit, []).append(item)
        for items in index.values():
            items.sort(key=lambda item: (item.step is None, item.step or 0, item.published, item.source))
        return index

    @cached_property
    def _by_topic_set(self) -> dict[frozenset[str], list[Item]]:
        index: dict[frozenset[str], list[Item]] = {}
        for item in self.items:
            index.setdefault(frozenset(item.topics), []).append(item)
        return index

    # Who names whom (uses:, resources:, series:), indexed once: asked once per item page, these
    # questions would otherwise each read the whole catalogue, and a build would grow with its square.
    @cached_property
    def _resources_by_slug(self) -> dict[str, Item]:
        return {item.slug: item for item in self.of_kind("resources")}

    @cached_property
    def _cpd_by_resource(self) -> dict[str, list[Item]]:
        return _named_by(self.of_kind("cpd"), "resources")

    @cached_property
    def _stories_by_use(self) -> dict[str, list[Item]]:
        return _named_by(self.of_kind("stories"), "uses")

    @cached_property
    def _usable_by_slug(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = {}
        for item in self.items:
            if item.kind in USABLE:
                index.setdefault(item.slug, []).append(item)
        return index

    @cached_property
    def _series(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = {}
        for item in self.of_kind("cpd"):
            if getattr(item, "series", None):
                index.setdefault(item.series.name, []).append(item)
        return {name: sorted(parts, key=lambda i: i.series.part) for name, parts in index.items()}

    @cached_property
    def _related(self) -> dict[tuple[frozenset[str], int], list[Item]]:
        return {}

    @cached_property
    def _by_source(self) -> dict[str, Item]:
        return {item.source: item for item in self.items}

    @cached_property
    def _position(self) -> dict[str, int]:
        return {item.source: n for n, item in enumerate(self.items)}


def _named_by(items: list[Item], field: str) -> dict[str, list[Item]]:
    """Slug -> the items (in order, each once) whose `field` lists it."""
    index: dict[str, list[Item]] = {}
    for item in items:
        for slug in dict.fromkeys(getattr(item, field, ())):
            index.setdefault(slug, []).append(item)
    return index


def checked_by(item: Item) -> str:
    """Which of its dates says when `item` was last checked: "reviewed", else "updated", else "published"."""
    return "reviewed" if item.reviewed else "updated" if item.updated else "published"


def last_checked(item: Item) -> datetime:
    """When someone last looked at `item`: its review date, or else when it last changed or was published."""
    return getattr(item, checked_by(item))


def review_due(checked: datetime, months: int) -> datetime:
    """`months` after `checked`, on the same day of the month, or the month's last day when it is shorter;
    the calendar's last moment (never due) when that is beyond the year 9999."""
    year, month = divmod(checked.month - 1 + months, 12)
    year += checked.year
    month += 1
    if year > MAXYEAR:  # reviewed: 9999-06-01 is a date a coordinator may type; a review after it is no date
        return datetime.max.replace(tzinfo=timezone.utc)
    day = min(checked.day, calendar.monthrange(year, month)[1])
    return checked.replace(year=year, month=month, day=day)


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so a rebuild of the same content is identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    valid = epoch and epoch.isascii() and epoch.isdigit()
    return datetime.fromtimestamp(int(epoch) if valid else time.time(), timezone.utc)


def load_catalogue(site: Site, now: datetime | None = None, preview: bool = False,
                   kept: KeptReads | None = None) -> Catalogue:
    """Read and check every file under the site's content folder. A `preview` (build.py serve) also
    publishes drafts and items dated in the future, so coordinators see work in progress. Files read
    by an earlier build and `kept` since are not read again."""
    now = now or build_time()
    kept = kept or KeptReads(None, "")
    docs = site.docs_dir
    problems: list[Problem] = []
    if not docs.is_dir():
        problems.append(Problem(docs, 1, "docs_dir", "the content folder does not exist",
                                "check docs_dir in mkdocs.yml"))
        return Catalogue(site, problems=problems)
    pages, others, unsafe = _walk(site, problems)
    items: list[Item] = []
    hidden: set[str] = set(unsafe)
    usage = published_files.Usage()
    unreadable: dict[tuple[str, str], Path] = {}  # (kind, slug) of files whose front matter cannot be read
    held_back: dict[Path, set[str]] = {}
    plain: list[Path] = []  # pages MkDocs renders that are not items
    checked = 0
    for path in pages:
        source_name = path.relative_to(docs).as_posix()
        kind = source_name.split("/", 1)[0]
        if any(part.startswith("_") for part in source_name.split("/")):
            hidden.add(source_name)
            usage.add(source_name, _links_of_unread(path, source_name, docs), is_hidden=True)
            continue
        if kind not in KINDS or "/" not in source_name or source_name == f"{kind}/index.md":
            usage.add(source_name, _links_of_unread(path, source_name, docs), is_hidden=False)
            plain.append(path)
            continue
        checked += 1
        item, broken = _read(path, kind, site, problems, kept)
        if item is None:
            unreadable.setdefault((kind, _default_slug(path)), path)
            # Its files stay held back, as a hidden item's, and are not reported as unused.
            held_back[path] = consequences.files_named_in(path, docs)
            usage.add(source_name, held_back[path], is_hidden=True)
        if item is None or broken or (not preview and (item.draft or item.published > now)):
            hidden.add(source_name)
        if item is not None:
            items.append(item)  # broken ones too: their slugs exist, so links to them are not reported twice
            usage.add(source_name, published_files.item_files(item) | published_files.body_links(item.body, source_name),
                      is_hidden=source_name in hidden)
    hidden |= published_files.withheld(others, usage)
    problems.extend(published_files.unlinked(others, usage, docs))
    rendered = [(i.source, i.body, i.body_line) for i in items if i.source not in hidden]
    broken = targets.broken_links(site, rendered + [targets.page_body(path, docs) for path in plain],
                                  [p.relative_to(docs).as_posix() for p in pages] + others, hidden, items, now)
    problems.extend(link.problem for link in broken if link.setting in site.link_warnings)
    _check_slugs(items, site, problems)
    links = _check_cpd_links(items, site, problems, unreadable)
    for cause, sources in _check_story_uses(items, site, problems, unreadable).items():
        links.setdefault(cause, []).extend(sources)
    consequences.fold(problems, links, held_back)
    kept.save()
    published = [i for i in items if i.source not in hidden]
    published.sort(key=lambda i: (i.published, i.source), reverse=True)
    causes = set(unreadable.values())
    return Catalogue(site, tuple(published), frozenset(hidden),
                     sorted(problems, key=lambda p: (p.path not in causes, *_order(p))), checked, tuple(broken))


def _order(problem: Problem) -> tuple:
    return (problem.path.as_posix(), problem.line, problem.field, problem.message)


def _read(path: Path, kind: str, site: Site, problems: list[Problem], kept: KeptReads) -> tuple[Item | None, bool]:
    """The item in `path` (None when its front matter cannot be read), and whether it has errors."""
    source_name = path.relative_to(site.docs_dir).as_posix()
    try:
        key = kept.key(source_name, kind, path.read_bytes())
    except OSError:
        key = None  # read_source says why
    if key and (reused := kept.get(key)):
        item, found = reused
    else:
        item, found, looked_at = _read_afresh(path, source_name, kind, site)
        if key and item is not None:
            kept.put(key, item, found, looked_at)
    problems.extend(found)
    return item, any(p.is_error for p in found)


def _read_afresh(path: Path, source_name: str, kind: str, site: Site) -> tuple[Item | None, Problems, list[Path]]:
    found = Problems(path)
    source = read_source(path, found)
    if source is None:
        return None, found, []
    fields = Fields(source.fields, found, page_dir=path.parent, docs_dir=site.docs_dir)
    item = read_item(KINDS[kind], source, fields, site, _default_slug(path), site.page_url(source_name))
    check_body(source.body, source.body_line, site.embeds, found)
    for name in ("title", "summary"):
        if isinstance(text := source.fields.get(name), str):
            check_maths(text, fields.line(name), name, found)
    return item, found, fields.looked_at


def _links_of_unread(path: Path, source_name: str, docs: Path) -> set[str]:
    """Files a page that is not read as an item links to: plain pages, and `_`-named notes and templates."""
    source = read_source(path, Problems(path))  # front matter is optional here, so are its problems
    if source is None:
        try:
            return published_files.body_links(path.read_text(encoding="utf-8", errors="replace"), source_name)
        except OSError:
            return set()
    return (published_files.body_links(source.body, source_name)
            | published_files.named_files(source.fields, source_name, docs))


def _default_slug(path: Path) -> str:
    """The file name without .md; for `fractions/index.md`, the folder's name, as in its address."""
    return path.parent.name if path.stem in ("index", "README") else path.stem


def _walk(site: Site, problems: list[Problem]) -> tuple[list[Path], list[str], set[str]]:
    """Markdown files, and docs-relative paths of all other files, in a stable order; links leading
    outside the folder are reported and hidden."""
    docs = site.docs_dir
    pages: list[Path] = []
    others: list[str] = []
    unsafe: set[str] = set()
    addresses: dict[str, Path] = {}
    resolved_docs = docs.resolve()
    for folder, dirs, files in os.walk(docs):
        dirs.sort()
        base = Path(folder)
        for name in sorted(dirs + files):
            path = base / name
            if path.is_symlink() and (why := _unsafe_link(path, resolved_docs)):
                problems.append(Problem(path, 1, "file", why, "replace the link with a copy of the file, or delete the link"))
                unsafe.add(path.relative_to(docs).as_posix())
                if name in dirs:
                    dirs.remove(name)
                continue
            if name in files and name.lower().endswith(".md"):
                _check_address(path, site, addresses, problems)
                pages.append(path)
            elif name in files:
                others.append(path.relative_to(docs).as_posix())
    return pages, others, unsafe


def _unsafe_link(path: Path, docs: Path) -> str:
    """Why the link `path` must not be followed, or "" when it leads to something inside `docs`."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop of links
        return f"is a link to '{os.readlink(path)}', which leads back to itself"
    if not target.is_relative_to(docs):
        return f"is a link to '{os.readlink(path)}', outside the content folder"
    if not target.exists():
        return f"is a link to '{os.readlink(path)}', which does not exist"
    return ""


def _check_address(path: Path, site: Site, addresses: dict[str, Path], problems: list[Problem]) -> None:
    """Two files must never publish to one address (`a.md` and `a/index.md`), nor to addresses that
    differ only in case (`A.md` and `a.md`), which collide on case-insensitive disks and hosts."""
    address = site.page_url(path.relative_to(site.docs_dir).as_posix()).lower()
    if address in addresses:
        other = addresses[address].relative_to(site.docs_dir).as_posix()
        problems.append(Problem(path, 1, "file", f"would publish to the same address as {other}",
                                "rename or move one of the two files"))
    else:
        addresses[address] = path


def _check_slugs(items: list[Item], site: Site, problems: list[Problem]) -> None:
    seen: dict[tuple[str, str], Item] = {}
    for item in sorted(items, key=lambda i: i.source):
        key = (item.kind, item.slug)
        if key in seen:
            problems.append(Problem(site.docs_dir / item.source, item.lines.get("slug", 1), "slug",
                                    f"'{item.slug}' is already used by {seen[key].source}",
                                    "rename one of the two files, or add a different slug: to one of them"))
        else:
            seen[key] = item


def _check_cpd_links(items: list[Item], site: Site, problems: list[Problem],
                     unreadable: dict[tuple[str, str], Path]) -> dict[Path, list[str]]:
    """A link to an unknown resource is a problem; one to a resource whose front matter cannot be
    read is a consequence of that file's problem: returned, by that file, to be folded into it."""
    slugs = sorted(item.slug for item in items if isinstance(item, Resource))
    broken_links: dict[Path, list[str]] = {}
    for item in items:
        for slug in getattr(item, "resources", ()):
            if isinstance(item, Cpd) and (cause := unreadable.get(("resources", slug))) and slug not in slugs:
                broken_links.setdefault(cause, []).append(item.source)
            elif isinstance(item, Cpd) and slug not in slugs:
                hint = did_you_mean(slug, slugs) or "use the file name of a resource, without .md"
                line = item.lines.get(f"resources.{slug}", item.lines.get("resources", 1))
                problems.append(Problem(site.docs_dir / item.source, line, "resources",
                                        f"'{slug}' is not a resource", hint))
    return broken_links


def _check_story_uses(items: list[Item], site: Site, problems: list[Problem],
                      unreadable: dict[tuple[str, str], Path]) -> dict[Path, list[str]]:
    """As _check_cpd_links, for the resources and CPD a story's `uses:` names."""
    slugs = sorted({item.slug for item in items if item.kind in USABLE})
    broken_links: dict[Path, list[str]] = {}
    for item in items:
        for slug in getattr(item, "uses", ()) if isinstance(item, Story) else ():
            cause = next((unreadable[kind, slug] for kind in USABLE if (kind, slug) in unreadable), None)
            if slug not in slugs and cause is not None:
                broken_links.setdefault(cause, []).append(item.source)
            elif slug not in slugs:
                hint = did_you_mean(slug, slugs) or "use the file name of a resource or CPD page, without .md"
                line = item.lines.get(f"uses.{slug}", item.lines.get("uses", 1))
                problems.append(Problem(site.docs_dir / item.source, line, "uses",
                                        f"'{slug}' is not a resource or CPD", hint))
    return broken_links
