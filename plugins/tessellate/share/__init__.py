"""The share kit: newsletter snippets, social posts and cards per item, digests, Open Graph tags.

Reads the model only; the MkDocs plugin hands it the catalogue and a finishing pass for pages."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ..maths.images import FormulaPictures
from ..model import Catalogue, build_time
from ..store import Store, cache_dir
from .easel import CardCache
from .digest import digest, in_range, latest_month
from .email import email_logo, kit_path
from .kept_kits import KeptKits
from .finishing import finish_page, footer_link, open_graph
from .kits import INDEX, all_cards, write_share_kit
from .options import ShareOptions
from .typefaces import title_problems

log = logging.getLogger("mkdocs.plugins.tessellate")


def start_cards(catalogue: Catalogue, options: ShareOptions, config_file: str | None) -> CardCache:
    """The site's kept cards, with those missing begun on other cores while the pages are built (easel.py)."""
    cards = CardCache(Store(cache_dir(config_file), "cards"))
    if catalogue.site.url:
        cards.start(all_cards(catalogue, options))
    return cards


def write(catalogue: Catalogue, options: ShareOptions, site_dir: Path, config_file: str | None, finish,
          allow=lambda scripts: None, preview: bool = False, stop: threading.Event | None = None,
          finishing: str = "", cards: CardCache | None = None) -> None:
    """Write the share kit under `site_dir`; cards and unchanged kits are kept in the site's cache
    (store.py). `preview`: the site is the preview's. Once `stop` is set (a newer rebuild replaces the
    preview's pages), no more kits are written and the cache is left as it was. `finishing`: what
    `finish` puts on a page besides what the site says (the policy's form origins). `cards`: those
    `start_cards` began drawing, if it was called."""
    root = cache_dir(config_file)
    cards = cards or CardCache(Store(root, "cards"))
    # The preview's kits name its own address, so they are never a build's: a store of their own,
    # which a build's prune leaves be.
    kept = KeptKits(Store(root, "kits-preview" if preview else "kits"))
    pictures = FormulaPictures(Store(root, "formulas"), site_dir)
    if not catalogue.site.url:
        log.warning("No share kit was written: snippets and social posts need the site's public address. "
                    "Set site_url in mkdocs.yml, e.g. site_url: https://maths.example.org/")
        return
    if options.logo and not email_logo(catalogue.site, options):
        log.warning(f"mkdocs.yml: brand.logo: emails show the network's name without the logo: {options.logo} is an "
                    f"SVG, which Gmail and Outlook do not show (save a PNG copy beside it, "
                    f"{options.logo[:-4]}.png, and emails use that)")
    try:
        if not write_share_kit(catalogue, options, site_dir, cards, finish, build_time(), kept, allow, stop, finishing,
                               pictures):
            return
    finally:
        cards.close()  # the workers drawing cards, if any, are done with
    kept.prune()
    cards.prune()
    pictures.prune()
    log.info(f"Share kit: {cards.drawn} social card(s) drawn, {cards.reused} unchanged; "
             f"{pictures.drawn} formula(s) drawn for email, {pictures.reused} unchanged; "
             f"{kept.hits} of {len(catalogue.items)} kits reused")

__all__ = ["INDEX", "CardCache", "KeptKits", "ShareOptions", "digest", "finish_page", "footer_link", "in_range", "kit_path", "latest_month",
           "open_graph", "start_cards", "title_problems", "write", "write_share_kit"]
