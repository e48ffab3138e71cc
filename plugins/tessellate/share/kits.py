"""Which share kits exist, and writing them: one folder per published item, the digest, the index."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape

from ..maths import plain_text
from ..maths.images import FormulaPictures, made_by
from ..model import KIND_LABELS, Catalogue, Item, Site
from ..store import Store, digest as reuse_key, engine_digest, write_new
from .. import charts
from ..video import live
from . import render
from .cards import LANDSCAPE, PORTRAIT, SHAPES, STORY, Card, Shape
from .digest import digest, latest_month
from .easel import CardCache
from .email import document, email_html, email_text, kit_path
from .facts import headline_fact
from .kept_kits import FILES as KIT_FILES, KeptKits
from .options import ShareOptions
from .social import PLATFORMS, posts

# The kit page's cards: which shape, named for where it is posted, shown at a quarter or half its size.
CARDS = [{"file": shape.file, "label": label, "use": use, "width": shape.width, "height": shape.height,
          "shown": (shape.width // scale, shape.height // scale)}
         for shape, label, use, scale in (
             (LANDSCAPE, "social card", "Shown by X, Bluesky, Mastodon and LinkedIn when the page's address is posted.", 2),
             (PORTRAIT, "portrait card", "For Instagram's feed: post it with the Instagram text above.", 4),
             (STORY, "story card", "For Instagram and TikTok stories.", 4))]
INDEX = "share/"
DIGEST = "share/digest/"
SITE_CARD = "share/card.png"

# The site's finishing pass for a page (its content security policy): the page, and the inline
# scripts the policy allows.
Finish = Callable[[str], tuple[str, list[str]]]


def card_for(item: Item, site: Site, options: ShareOptions) -> Card:
    return Card(plain_text(item.title), KIND_LABELS[item.kind], headline_fact(item, site), site.name, options.colour,
                charts.card_png(item, options.colour))


def all_cards(catalogue: Catalogue, options: ShareOptions) -> list[tuple[Card, Shape]]:
    """Every item's card in every shape, in the order the kits are written."""
    return [(card_for(item, catalogue.site, options), shape) for item in catalogue.items for shape in SHAPES]


def write_share_kit(catalogue: Catalogue, options: ShareOptions, site_dir: Path, cards: CardCache,
                    finish: Finish, now: datetime, kept: KeptKits | None = None,
                    allow: Callable[[list[str]], None] = lambda scripts: None,
                    stop: threading.Event | None = None, finishing: str = "",
                    pictures: FormulaPictures | None = None) -> bool:
    """Every item's kit (an unchanged item's written from those `kept` by earlier builds, its pages'
    allowed scripts passed to `allow`, its emails' formulas drawn as `pictures`), the latest month's
    digest, the site's own card and the index. False, and the kit left unfinished, if `stop` is set first."""
    site = catalogue.site
    kept = kept or KeptKits(Store(None, "kits"))
    pictures = pictures or FormulaPictures(Store(None, "formulas"), site_dir)
    # What every kit is made from besides its item, hashed once rather than per kit.
    common = reuse_key(engine_digest(), repr(site), repr(options), KIT_FILES, finishing, made_by())
    for item in catalogue.items:
        if stop is not None and stop.is_set():
            return False
        _write_kit(item, site, options, site_dir, cards, finish, kept, allow, common, pictures, now)
    cards.copy_to(Card(site.description or site.name, "", "", site.name, options.colour), site_dir / SITE_CARD)
    month = latest_month(catalogue)
    label = ""
    if month:
        made = digest(catalogue, options, *month, now=now)
        label = f"{made.count} item{'s' if made.count != 1 else ''}, {month[0]:%B %Y}"
        _write_files(site_dir / DIGEST, _finished(_email_texts(
            site, "digest_page.html", made.html, made.fragment, made.text, title=f"Newsletter: {month[0]:%B %Y}",
            span=f"{month[0]:%B %Y}", count=made.count, shown=made.preview, **_page(site, DIGEST)), finish)[0])
    rows = [{"title": plain_text(i.title), "kind": KIND_LABELS[i.kind], "kit": kit_path(i)[len(INDEX):],
             "date": f"{i.published.astimezone(site.zone):%-d %B %Y}"} for i in catalogue.items]
    # The coordinators' other page, made by the pages: where the network has material and where it has gaps.
    coverage = "../" + site.page_url("coverage/index.md")
    _write(site_dir / INDEX / "index.html", finish(render.html("index.html", title="Share kit", rows=rows,
                                                                digest=label, coverage=coverage, **_page(site, INDEX)))[0])
    return True


def _write_kit(item: Item, site: Site, options: ShareOptions, site_dir: Path, cards: CardCache, finish: Finish,
               kept: KeptKits, allow: Callable[[list[str]], None], common: str, pictures: FormulaPictures,
               now: datetime) -> None:
    folder = kit_path(item)
    key = reuse_key(common, *live.as_shown(item, now))  # an event's kit stops asking for bookings as it ends
    if (allowed := kept.place(key, site_dir / folder, pictures, site)) is None:
        shown = len(pictures.shown)
        finished, allowed = _finished(_kit_texts(item, site, options, pictures, now), finish)
        _write_files(site_dir / folder, finished)
        kept.keep(key, finished, allowed, pictures.shown[shown:])
    allow(allowed)
    card = card_for(item, site, options)
    for shape in SHAPES:
        cards.copy_to(card, site_dir / folder / shape.file, shape)


def _kit_texts(item: Item, site: Site, options: ShareOptions, pictures: FormulaPictures,
               now: datetime) -> dict[str, str]:
    """The kit's files by name, as at build time `now`, before the finishing pass."""
    folder = kit_path(item)
    social = posts(item, site, options, now)
    rows = [{"name": p.name, "label": p.label, "text": social[p.name], "count": p.count(social[p.name]),
             "limit": p.limit, "unit": p.unit, "picture": p.picture} for p in PLATFORMS]
    fragment = email_html(item, site, options, now, pictures=pictures)
    return {"social.json": _json(social), **_email_texts(
        site, "kit.html", document(plain_text(item.title), fragment), fragment, email_text(item, site, options, now),
        title=plain_text(item.title), kind=KIND_LABELS[item.kind], posts=rows, cards=CARDS,
        page_url="../" * folder.count("/") + item.url, **_page(site, folder))}


def _email_texts(site: Site, template: str, html: str, fragment: str, text: str, shown: str = "",
                 **data) -> dict[str, str]:
    """email.html, email.txt and the coordinator's page showing them, before the finishing pass;
    `shown`: the fragment as the page previews it, when that differs (a digest's merge tags as text)."""
    # The preview loads the email's images from the site itself, by relative address, so the page makes
    # no request elsewhere (a preview of a site at another address included); the copies stay absolute.
    preview = (shown or fragment).replace(f'src="{escape(site.url)}', f'src="{data["root"]}')
    page = render.html(template, email_fragment=Markup(preview), email_source=fragment, email_text=text,
                       email_file="email.html", text_file="email.txt", **data)
    return {"email.html": html, "email.txt": text, "index.html": page}


def _finished(texts: dict[str, str], finish: Finish) -> tuple[dict[str, str], list[str]]:
    """The files with each page finished, and the inline scripts the pages' policies allow."""
    files, allowed = {}, set()
    for name, text in texts.items():
        if name.endswith(".html"):
            text, scripts = finish(text)
            allowed.update(scripts)
        files[name] = text
    return files, sorted(allowed)


def _write_files(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        _write(folder / name, text)


def _page(site: Site, folder: str) -> dict:
    return {"site_name": site.name, "root": "../" * folder.count("/")}


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write(path: Path, text: str) -> None:
    write_new(path, text.encode())
