"""Entries of mkdocs.yml's `nav:` that name no page of the site, found by `check` before the build.

MkDocs warns of such an entry only as it builds ("A reference to 'x.md' is included in the 'nav'
configuration, which is not found in the documentation files."), so `build --strict` would refuse a
site that `check --strict` passed. The entry is looked for as MkDocs looks: among the content
folder's pages, less those Tessellate withholds (drafts, future items, `_`-named files), plus the
pages the engine adds, to every site or from its settings (model/targets.py)."""

from __future__ import annotations

import difflib
import logging
import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..model import Catalogue, Problem, Severity
from ..model.targets import is_engine_page, settings_pages


def nav_problems(config, catalogue: Catalogue) -> list[Problem]:
    """A warning for each nav entry naming a page the site will not have, when MkDocs would warn of it."""
    if config.validation.nav.not_found < logging.WARNING or not config.nav:
        return []
    docs = Path(config.docs_dir)
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    text = Path(config.config_file_path).read_text(encoding="utf-8").splitlines()
    problems, engine_pages = [], settings_pages(catalogue.site)
    for entry in _entries(config.nav):
        if urlsplit(entry).scheme or entry.startswith("/") or not entry.endswith(".md"):
            continue  # an address elsewhere, which MkDocs leaves as it is
        path = posixpath.normpath(entry)
        if path in pages and not _withheld(path, catalogue.hidden) or is_engine_page(path) or path in engine_pages:
            continue
        close = difflib.get_close_matches(path, [p for p in pages if not _withheld(p, catalogue.hidden)], n=1)
        why = "is withheld from the site (a draft, a future item or a _-named file)" if path in pages \
            else "is not a page in the content folder"
        problems.append(Problem(Path(config.config_file_path), _line(text, entry), "nav", f"'{entry}' {why}",
                                f"did you mean '{close[0]}'?" if close else "correct the entry, or remove it",
                                Severity.WARNING))
    return problems


def _entries(nav) -> Iterator[str]:
    for item in nav:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from _entries(value if isinstance(value, list) else [value])


def _withheld(path: str, hidden: frozenset[str]) -> bool:
    return path in hidden or any(part.startswith("_") for part in path.split("/"))


def _line(lines: list[str], entry: str) -> int:
    """The line of mkdocs.yml that names `entry` (the first after `nav:`)."""
    start = next((n for n, line in enumerate(lines) if line.startswith("nav:")), 0)
    return next((n + 1 for n in range(start, len(lines)) if entry in lines[n]), start + 1)
