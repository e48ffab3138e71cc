"""Material's JavaScript reads every `<link rel="alternate">` as another language or version of the
site: `setupAlternate` (src/templates/assets/javascripts/integrations/alternate/index.ts) selects
`link[rel=alternate]` and fetches `sitemap.xml` beside each one's href, to map pages across
versions when a reader switches language. A feed's discovery link is an alternate too, and must stay
exactly `rel="alternate"` for feed readers to find it; so every page fetched `resources/sitemap.xml`
(and the like) and got a 404, or fetched the root sitemap.xml, which it does not use.

Material's language alternates always carry `hreflang` (base.html, `config.extra.alternate`), a feed
link never does. The theme's bundle is served with that one selector narrowed to
`link[rel=alternate][hreflang]`, the fix proposed upstream (zensical/zensical#908): language
switching keeps working, feed autodiscovery is untouched, and no page fetches a sitemap for a feed."""

from __future__ import annotations

import fnmatch
import logging
from pathlib import Path

from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.tessellate")

BUNDLE = "assets/javascripts/bundle.*.min.js"
SELECTOR = '"link[rel=alternate]"'
NARROWED = '"link[rel=alternate][hreflang]"'


def narrow_language_alternates(source: str) -> str | None:
    """The bundle with Material's alternate selector narrowed; None when it is not there exactly once."""
    return source.replace(SELECTOR, NARROWED) if source.count(SELECTOR) == 1 else None


def serve_narrowed_bundle(files: Files, config) -> None:
    """Replace the theme's JavaScript bundle in `files` with its narrowed copy (same name and place)."""
    for file in list(files):
        if not fnmatch.fnmatchcase(file.src_uri, BUNDLE) or not file.abs_src_path:
            continue
        narrowed = narrow_language_alternates(Path(file.abs_src_path).read_text(encoding="utf-8"))
        if narrowed is None:
            # A Material release that changed this code: say so rather than patch blindly.
            log.warning(f"{file.src_uri}: Material's language-alternate selector was not found; feed links may "
                        "make pages fetch a sitemap.xml that does not exist (tessellate's pages/alternates.py "
                        "needs updating for this Material version)")
            continue
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=narrowed))
