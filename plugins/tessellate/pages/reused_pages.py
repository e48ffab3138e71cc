"""Whole pages reused from an earlier build when nothing on them can have changed.

After Markdown, laying out the theme around each page is what a build of a large bank spends most on.
A page is reused when what it shows is what it showed in the build that wrote it. Every page shows the
site's settings, theme files, navigation, files and the next live session, and is made by the engine:
a change to any of those lays out every page again. An item's page also shows that item and the items
it lists (related items, the resources a CPD session uses, the stories that name it, its series), each
as the clock finds it (scheduled, live session upcoming or started); any other page (indexes, topics,
home, plain pages) lists from the whole catalogue, so any content edit lays it out again. So saving one
item lays out its own page, the pages that list it, and the few pages made from every item.

Other plugins can put anything on a page, which no key could follow, so pages are reused only when
the site lists no plugin but Tessellate and search."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mkdocs.utils import get_build_datetime

from .. import video
from ..model import Catalogue, Item
from ..store import Store, digest, engine_digest, files_digest

TEMPLATE = "tessellate/reused.html"
CONTEXT = "tessellate_reused"
SAFE_PLUGINS = {"tessellate", "tessellate-progress", "search", "material/search"}  # progress: build.py's counter
_MARKED = "_tessellate_page"
_LATER = "kept, read when laid out"


class ReusedPages:
    def __init__(self) -> None:
        self.store = Store(None, "pages")
        self.catalogue: Catalogue | None = None
        self.now: datetime | None = None
        self._frame = self._everything = ""
        self._shown: dict[int, tuple] = {}  # each item as shown, by id: most items are on several pages

    def start(self, store: Store, config, catalogue: Catalogue, files, nav, now: datetime, preview: bool) -> None:
        """The digest of this build's inputs; without a safe set of plugins, nothing is reused."""
        self.store = store if set(config.plugins) <= SAFE_PLUGINS else Store(None, "pages")
        self.catalogue, self.now = catalogue, now
        themes = _theme_folders(config)
        # A network's template that prints when the site was built makes every build's pages new.
        built = str(get_build_datetime()) if any(_mentions(folder, "build_date_utc") for folder in themes) else ""
        self._frame = digest(engine_digest(), preview, _settings(config), [files_digest(f) for f in themes],
                             _nav(nav.items), sorted(f.src_uri for f in files), repr(video.next_session(catalogue, now)),
                             built)
        # Each item digested once: a page's key names the items it shows by these, not by their text.
        self._shown = {id(i): digest(video.as_shown(i, now)) for i in catalogue.items}
        self._everything = digest(list(self._shown.values()), sorted(catalogue.hidden))

    def shown(self, item: Item) -> str:
        """A digest of everything a card or list shows of `item`, with this build's templates and settings."""
        return digest(self._frame, self._shown.get(id(item)) or digest(video.as_shown(item, self.now)))

    def before_layout(self, page, markdown: str) -> None:
        """Mark a page whose laid-out HTML is kept; it is given a template that prints it."""
        item = getattr(page.file, "tessellate_item", None)
        content = self._everything if item is None else [self._shown.get(id(i)) or digest(video.as_shown(i, self.now))
                                                         for i in _shown_on(item, self.catalogue)]
        # A generated page may show what the clock decides beyond the items (review/: which are due).
        shows = getattr(page.file, "tessellate_shows", None)
        key = digest(self._frame, content, page.file.src_uri, page.url, markdown, page.meta, shows)
        kept = self.store.has(key)
        setattr(page, _MARKED, (key, _LATER if kept else None))
        if kept:
            page.tessellate_layout = page.meta.get("template")  # if the kept copy is gone by then
            page.meta["template"] = TEMPLATE

    def kept(self, page) -> dict | None:
        """The kept entry (`html`, `hashes`, `files`) for a reused page; None for a page laid out afresh."""
        key, entry = getattr(page, _MARKED, (None, None))
        if entry is _LATER:
            # Read as its page is laid out, not when marked: every page is marked before the first is
            # laid out, and a bank's pages read at once would hold its whole site in memory. None if
            # it is gone since (another build's prune): the page is laid out afresh and kept again.
            entry = self.store.get(key)
            setattr(page, _MARKED, (key, entry))  # asked again as the page is finished
            if entry is None:  # the page's own template, and its meta as it was (templates test it)
                page.meta.pop("template")
                if page.tessellate_layout is not None:
                    page.meta["template"] = page.tessellate_layout
        return entry

    def done(self, page) -> None:
        """The page is written: what was kept for it need not stay in memory."""
        if hasattr(page, _MARKED):
            delattr(page, _MARKED)

    def keep(self, page, html: str, hashes: list[str], files: dict[str, str] | None = None) -> None:
        """Keep a page laid out afresh, with the files made with it (a list's data: site path to text)."""
        key, entry = getattr(page, _MARKED, (None, None))
        if key is not None and entry is None:
            self.store.put(key, {"html": html, "hashes": hashes, "files": files or {}})


def _settings(config) -> list:
    plugins = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    # The build writes into a new folder each time (publish.py), so where it writes is no input.
    rest = {key: value for key, value in config.items() if key not in ("plugins", "nav", "theme", "site_dir")}
    return [plugins, rest, dict(config.theme.items()), list(config.theme.dirs)]


def _theme_folders(config) -> list[Path]:
    """The site's and the engine's template folders; the theme's own change only with its version,
    which the engine digest holds."""
    return [Path(folder) for folder in config.theme.dirs
            if not {"site-packages", "dist-packages"} & set(Path(folder).parts)]


def _mentions(folder: Path, name: str) -> bool:
    return any(name in path.read_text(encoding="utf-8", errors="replace")
               for path in folder.rglob("*.html") if path.is_file())


def _nav(items) -> list:
    return [[getattr(i, "title", ""), getattr(i, "url", ""), _nav(getattr(i, "children", None) or [])]
            for i in items]


def _shown_on(item: Item, catalogue: Catalogue) -> list[Item]:
    """The item and every item its page lists (the templates' own calls, partials/*.html)."""
    listed = [item, *catalogue.related(item), *catalogue.stories_using(item)]
    if item.kind == "cpd":
        listed += [*catalogue.resources_for(item), *catalogue.series_of(item)]
    elif item.kind == "resources":
        listed += catalogue.cpd_using(item)
    elif item.kind == "stories":
        listed += catalogue.uses_of(item)
    return listed

