"""A page's Markdown rendering, reused from an earlier build when nothing it was made from changed.

Rendering Markdown is most of what a build spends on an unchanged bank of items. The key holds the
page's Markdown, its address, the site's Markdown settings and the engine; a page with links also
holds the site's list of files, since MkDocs resolves and checks links against it. A reused page
gets everything the rendering gave it (content, already sanitised; table of contents, title,
anchors) and the warnings the rendering logged, told again, so `--strict` fails the same way on every build."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from mkdocs.structure.toc import get_toc

from ..store import Store, digest, engine_digest

# Anything MkDocs might resolve against the site's files: Markdown links and images, reference
# definitions, raw HTML addresses. Plain substrings of the lowered text, not a pattern (a tenth of the
# time): a word that merely holds one ("posters") only keys that page on the site's files too.
_LINKISH = ("](", "]:", "href", "src", "poster")
_MARKED = "_tessellate_body"
_REUSED = "reused"
# Where a rendering's messages go; build.py (and MkDocs itself) stop them from reaching the root logger.
_LOGGERS = ("mkdocs", "properdocs")


class ReusedBodies:
    """Renders kept by key in `store`; `settings` and `files` digests are set once per build."""

    def __init__(self) -> None:
        self.store = Store(None, "bodies")
        self._settings = ""
        self._files = ""

    def start(self, store: Store, config, files, embeds: tuple[str, ...]) -> None:
        self.store = store
        # MkDocs keeps a page's links to anchors for checking after the build only when it is not logging
        # debug messages (--verbose): a render made either way is kept for builds of that way only.
        deferred = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG
        self._settings = digest(engine_digest(), config.markdown_extensions, config.mdx_configs,
                                config.use_directory_urls, dict(config.validation), config.site_url or "", embeds,
                                deferred)
        self._files = digest(sorted((f.src_uri, f.url) for f in files))

    def before_render(self, page, markdown: str) -> None:
        """Swap the page's render for the kept one, or start listening to what rendering logs."""
        key = digest(self._settings, page.file.src_uri, page.file.url, markdown,
                     self._files if _links(markdown) else "")
        entry = self.store.get(key)
        if entry is not None:
            page.render = partial(_replay, page, entry)  # an instance attribute: this page only
            setattr(page, _MARKED, _REUSED)
            return
        listener = _Listener()
        for name in _LOGGERS:
            logging.getLogger(name).addHandler(listener)
        setattr(page, _MARKED, (key, listener))

    def sanitised(self, page, html: str, sanitise: Callable[[str], str]) -> str:
        """The page's body made safe by `sanitise`: a reused body was kept safe; a fresh one is kept."""
        marked = getattr(page, _MARKED, None)
        if marked == _REUSED:
            return html
        html = sanitise(html)
        if marked is None:  # a page this build did not see rendered (another plugin's)
            return html
        key, listener = marked
        for name in _LOGGERS:
            logging.getLogger(name).removeHandler(listener)
        setattr(page, _MARKED, None)
        self.store.put(key, {
            "content": html, "toc": [_token(anchor) for anchor in page.toc],
            "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
            "links": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
            "logs": listener.told,
        })
        return html


def _links(markdown: str) -> bool:
    lowered = markdown.lower()
    return any(mark in lowered for mark in _LINKISH)


def _replay(page, entry: dict, config, files) -> None:
    del page.render  # once only; and the entry, its work done, need not stay with the page
    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    page.links_to_anchors = {target: links for uri, links in entry["links"].items()
                             if (target := files.get_file_from_path(uri)) is not None}
    for name, level, message in entry["logs"]:
        logging.getLogger(name).log(level, message)


def _token(anchor) -> dict:
    return {"level": anchor.level, "id": anchor.id, "name": anchor.title,
            "children": [_token(child) for child in anchor.children]}


class _Listener(logging.Handler):
    """What a rendering logs (MkDocs' link checks, the maths warnings), to tell again on reuse."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.told: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.told.append((record.name, record.levelno, record.getMessage()))
