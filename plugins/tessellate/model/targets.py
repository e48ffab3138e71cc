"""Links in a page's body that lead to no file the build will have, found before anything is built.

MkDocs checks each link and image of a page as it renders it, and warns in its own words ("Doc file
'x.md' contains a link 'figure2.png', but the target 'resources/figure2.png' is not found among
documentation files."), with no line and no fix; `build --strict` then refuses the site that
`check --strict` passed. So the model resolves every address as MkDocs does: against the page's
source path, among the content folder's files less those Tessellate withholds (drafts, future
items, `_`-named files), plus the pages the engine adds. An address with no file extension MkDocs
calls unrecognized, and one starting with / it leaves as written; mkdocs.yml's `validation: links:`
says which of the three warn (by default, only a target that is not found), and the site's
`link_warnings` carries that here. A link to an anchor is MkDocs' own to check: which anchors a
page has is known only once it is rendered."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .files import IMAGE_TYPES, Address, addresses, underscored
from .items import Item
from .kinds import KINDS
from .problems import Problem, Problems, Severity
from .site import CURRICULUM_PAGE, Site
from .source import read_source

# What the engine adds to every site (pages/generated.py, coordinators.py) and a body may link to. A
# kind's list runs to as many pages as its cards need; any page number is taken to be one of them.
_ENGINE_FILES = re.compile(rf"(?:(?:{'|'.join(KINDS)})(?:/page/[1-9][0-9]*)?|topics|subscribe|guide|coverage|review)/index\.md"
                           r"|assets/tessellate/[^/]+")


def is_engine_page(path: str) -> bool:
    """Whether `path` (relative to the content folder) is a page or file the engine adds to every site."""
    return bool(_ENGINE_FILES.fullmatch(path))


def curriculum_pages(site: Site) -> list[str]:
    """The curriculum's map and a page per unit in teaching order (the order they are added, so the sitemap's
    order is the same on every build), which the engine adds when the site has a curriculum."""
    if not site.curriculum:
        return []
    return [CURRICULUM_PAGE, *(site.unit_page(unit) for unit in site.units)]


def settings_pages(site: Site) -> set[str]:
    """The pages the engine adds from the site's settings: one per topic, and the curriculum's."""
    return {f"topics/{topic}/index.md" for topic in site.taxonomy.topics} | set(curriculum_pages(site))


@dataclass(frozen=True)
class BrokenLink:
    """A link MkDocs will report, as the problem `check` reports; `setting` is the one under
    mkdocs.yml's `validation: links:` that decides whether it is a warning."""

    source: str
    address: str
    setting: str
    problem: Problem


def broken_links(site: Site, pages: Iterable[tuple[str, str, int]], files: Collection[str],
                 hidden: Collection[str], items: Iterable[Item], now: datetime) -> list[BrokenLink]:
    """Every link in `pages` (docs-relative source, body, line of the body's first line) whose
    target is not among `files` (docs-relative) once `hidden` ones are withheld."""
    present = {path for path in files if not _withheld(path, hidden)}
    present |= settings_pages(site)
    targets = _Targets(site, set(files), present, {item.source: item for item in items}, now)
    found: dict[tuple[str, str, int], BrokenLink] = {}
    for source, body, first_line in pages:
        for address in addresses(body):
            if (broken := targets.check(source, address, first_line)) is not None:
                found.setdefault((source, address.text, address.line), broken)
    return list(found.values())


def page_body(path: Path, docs: Path) -> tuple[str, str, int]:
    """A page that is not an item as MkDocs renders it: its source, its body (front matter, which is
    optional here, left out) and the line the body starts on."""
    source = read_source(path, Problems(path))  # its problems are not an item's to report
    if source is not None:
        return path.relative_to(docs).as_posix(), source.body, source.body_line
    try:
        return path.relative_to(docs).as_posix(), path.read_text(encoding="utf-8", errors="replace"), 1
    except OSError:
        return path.relative_to(docs).as_posix(), "", 1


class _Targets:
    """Where addresses lead, and what to say of those that lead nowhere."""

    def __init__(self, site: Site, files: set[str], present: set[str], items: dict[str, Item], now: datetime) -> None:
        self.site, self.files, self.present, self.items, self.now = site, files, present, items, now

    def exists(self, path: str) -> bool:
        return path in self.present or is_engine_page(path)

    def check(self, source: str, address: Address, first_line: int) -> BrokenLink | None:
        try:
            parts = urlsplit(address.text)
        except ValueError:  # not an address at all, e.g. a broken [IPv6] host
            return None
        if parts.scheme or parts.netloc:
            return None
        absolute = address.text.startswith(("/", "\\"))
        if not absolute and not parts.path:  # #anchor or ?query: this page
            return None
        path = unquote(parts.path)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path).lstrip("/"))
        where = Path(self.site.docs_dir) / source
        line = first_line + address.line
        if absolute and "relative_to_docs" not in self.site.link_warnings:
            hint = (self._did_you_mean(target, source) if self.exists(target)
                    else "write it relative to this page, as MkDocs leaves an address that starts with / as written")
            return BrokenLink(source, address.text, "absolute_links", Problem(
                where, line, "body", f"the {_noun(address, path)} '{address.text}' starts with /, so it is not checked",
                hint, Severity.WARNING))
        if self.exists(target):
            return None
        setting = "not_found" if posixpath.splitext(path)[1] or absolute else "unrecognized_links"
        message, hint = self._explain(address, path, target, source)
        return BrokenLink(source, address.text, setting, Problem(where, line, "body", message, hint, Severity.WARNING))

    def _explain(self, address: Address, path: str, target: str, source: str) -> tuple[str, str]:
        noun = _noun(address, path)
        name = f"the {noun} '{address.text}'"
        if target == ".." or target.startswith("../"):
            return (f"{name} leads outside the content folder",
                    "copy the file into the content folder, beside the page, and link to the copy")
        if target in self.files:
            return self._withheld(name, target)
        if not posixpath.splitext(path)[1]:
            for guess in (f"{target}.md", f"{target}/index.md", f"{target}/README.md"):
                if self.exists(guess):
                    return f"{name} leads to no page or file", self._did_you_mean(guess, source)
            return f"{name} leads to no page or file", "link to the page's .md file, e.g. 'fractions.md'"
        hint = self._nearest(target, source) or (
            f"no page is at {target}; correct the address, or remove the link" if target.endswith(".md")
            else f"save the file as {target} in the content folder, or correct the address")
        return f"{name} is not found", hint

    def _withheld(self, name: str, target: str) -> tuple[str, str]:
        """Why a file in the content folder is not published, and what to do."""
        if held_by := underscored(target):
            return (f"{name} is not published: a name starting with _ never is",
                    f"rename {held_by} without the _ to publish it, or remove the link")
        item = self.items.get(target)
        if item is not None and item.draft:
            return (f"{name} is a draft, so it is not published",
                    "remove draft: true from it to publish it, or remove the link")
        if item is not None and item.published > self.now:
            return (f"{name} is dated {item.published.date().isoformat()}, so it is not published yet",
                    "remove the link until then, or change the date")
        return f"{name} is not published", "fix the problems reported for it, or remove the link"

    def _nearest(self, target: str, source: str) -> str:
        """'did you mean ...?' with the file of the same kind most like `target` by name (case aside):
        beside it first, then anywhere in the content folder."""
        folder, name = posixpath.split(target)
        alike = sorted(p for p in self.present if p != source and _kind(p) == _kind(target))
        for candidates in ([p for p in alike if posixpath.dirname(p) == folder], alike):
            by_name: dict[str, str] = {}
            for path in candidates:
                by_name.setdefault(posixpath.basename(path).lower(), path)
            if close := difflib.get_close_matches(name.lower(), list(by_name), n=1, cutoff=0.6):
                return self._did_you_mean(by_name[close[0]], source)
        return ""

    def _did_you_mean(self, path: str, source: str) -> str:
        return f"did you mean '{posixpath.relpath(path, posixpath.dirname(source) or '.')}'?"


def _kind(path: str) -> str:
    """A file's extension, in lower case; one for every image, since a PNG may have become a JPEG."""
    suffix = posixpath.splitext(path)[1].lower()
    return "image" if suffix in IMAGE_TYPES else suffix


def _noun(address: Address, path: str) -> str:
    if address.image:
        return "image"
    return "linked page" if path.endswith(".md") else "linked file" if posixpath.splitext(path)[1] else "link"


def _withheld(path: str, hidden: Collection[str]) -> bool:
    """Whether `path` is hidden, or lies in a hidden folder (as the plugin removes them from the build)."""
    parts = path.split("/")
    return any("/".join(parts[:n]) in hidden for n in range(1, len(parts) + 1))

