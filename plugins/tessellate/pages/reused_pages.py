"""Whole pages reused from an earlier build when nothing on them can have changed.

After Markdown, laying out the theme around each page is what a build of a large bank spends most on.
A page is reused when the build's inputs are those of the build that wrote it: the site's settings,
theme files, navigation, every published item, the files, what the clock changes (which live sessions
are upcoming or started, which items are scheduled) and the engine; plus the page's own Markdown and
front matter. Any edit to content therefore lays out every page again (its Markdown is still reused,
see reused_bodies.py); an unchanged rebuild lays out none.

Other plugins can put anything on a page, which no key could follow, so pages are reused only when
the site lists no plugin but Tessellate and search."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..model import Catalogue
from ..reuse import Store, digest, engine_digest

TEMPLATE = "tessellate/reused.html"
CONTEXT = "tessellate_reused"
SAFE_PLUGINS = {"tessellate", "tessellate-progress", "search", "material/search"}  # progress: build.py's counter
_MARKED = "_tessellate_page"


class ReusedPages:
    def __init__(self) -> None:
        self.store = Store(None)
        self._build = ""

    def start(self, store: Store, config, catalogue: Catalogue, files, nav, now: datetime, preview: bool) -> None:
        """The digest of this build's inputs; without a safe set of plugins, nothing is reused."""
        self.store = store if set(config.plugins) <= SAFE_PLUGINS else Store(None)
        self._build = digest(engine_digest(), preview, _settings(config), _theme_files(config),
                             _nav(nav.items), sorted(f.src_uri for f in files), _content(catalogue, now))

    def before_layout(self, page, markdown: str) -> None:
        """Mark a page whose laid-out HTML is kept; it is given a template that prints it."""
        key = digest(self._build, page.file.src_uri, page.url, markdown, page.meta)
        entry = self.store.get(key)
        setattr(page, _MARKED, (key, entry))
        if entry is not None:
            page.meta["template"] = TEMPLATE

    def kept(self, page) -> dict | None:
        """The kept entry (`html`, `hashes`) for a reused page; None for a page laid out afresh."""
        return getattr(page, _MARKED, (None, None))[1]

    def keep(self, page, html: str, hashes: list[str]) -> None:
        key, entry = getattr(page, _MARKED, (None, None))
        if key is not None and entry is None:
            self.store.put(key, {"html": html, "hashes": hashes})


def _settings(config) -> list:
    plugins = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    # The build writes into a new folder each time (publish.py), so where it writes is no input.
    rest = {key: value for key, value in config.items() if key not in ("plugins", "nav", "theme", "site_dir")}
    return [plugins, rest, dict(config.theme.items()), list(config.theme.dirs)]


def _theme_files(config) -> list:
    """The site's and the engine's templates, by name, size and time (an edited override counts).
    The theme's own change only with its version, which the engine digest holds."""
    found = []
    for folder in config.theme.dirs:
        if {"site-packages", "dist-packages"} & set(Path(folder).parts):
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                found.append((str(path), path.stat().st_size, path.stat().st_mtime_ns))
    return found


def _nav(items) -> list:
    return [[getattr(i, "title", ""), getattr(i, "url", ""), _nav(getattr(i, "children", None) or [])]
            for i in items]


def _content(catalogue: Catalogue, now: datetime) -> list:
    """Every published item as the pages see it, and what the time of the build changes."""
    clock = [(i.source, i.published > now, *(_live(i, now))) for i in catalogue.items]
    return [[repr(item) for item in catalogue.items], sorted(catalogue.hidden), clock]


def _live(item, now: datetime) -> tuple:
    live = getattr(item, "live", None)
    return (live.start <= now, live.end > now) if live else ()
