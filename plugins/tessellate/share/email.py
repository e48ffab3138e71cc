"""Newsletter snippets for one item: the email HTML (a 600px table, styles inlined) and its plain twin.

An email holds the item's summary and key facts, not its body: a CPD body is a transcript, and a
newsletter entry is an invitation to click, not the whole page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from .. import charts, maths
from ..maths.images import FormulaPictures
from ..model import KIND_LABELS, Item, Site
from . import render
from .facts import Fact, call_to_action, key_facts
from .options import ShareOptions, tracked

CARD_WIDTH, CARD_HEIGHT = 552, 290  # the social card (1200×630) at the width of the email's text column


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class Entry:
    """An item as an email shows it: every address absolute, every value plain text."""

    kind: str
    title: str
    url: str
    summary: str
    facts: list[Fact]
    cta: str
    image: Picture | None
    title_html: Markup | None = None  # with formulas drawn as pictures, when the title has maths
    summary_html: Markup | None = None
    chart: Picture | None = None  # a story's chart, as PNG on the site's host


def kit_path(item: Item) -> str:
    """`share/<kind>/<path>/`, the site-relative folder of the item's share kit."""
    return "share/" + item.url.removesuffix(".html").strip("/") + "/"


def entry(item: Item, site: Site, options: ShareOptions, channel: str = "email",
          pictures: FormulaPictures | None = None, *, now: datetime) -> Entry:
    """The item for an email; with `pictures`, formulas become PNG images drawn into the built site.
    An item's own `image:` is not in it: the PNG card stands for the item (and an image that is an
    SVG, as a diagram often is, would show as nothing in Gmail and Outlook)."""
    title, summary = maths.plain_text(item.title), maths.plain_text(item.summary)
    card = Picture(site.absolute(kit_path(item) + "card.png"), f"{KIND_LABELS[item.kind]}: {title}",
                   CARD_WIDTH, CARD_HEIGHT)
    return Entry(KIND_LABELS[item.kind], title, tracked(site.absolute(item.url), channel, options),
                 summary, key_facts(item, site), call_to_action(item, now), card,
                 _pictured(item.title, site, pictures), _pictured(item.summary, site, pictures),
                 Picture(*chart) if (chart := charts.picture(item, site)) else None)


def _pictured(text: str, site: Site, pictures: FormulaPictures | None) -> Markup | None:
    """`text` as HTML with each formula an image on the site's own host: email clients show no MathML."""
    if pictures is None or not maths.has_maths(text):
        return None
    return Markup(pictures.for_email(maths.text_html(text), site))


def email_logo(site: Site, options: ShareOptions) -> str:
    """The logo an email can show: Gmail and Outlook show no SVG, so an SVG logo's PNG twin beside
    it (logo.svg, logo.png), or none; the name beside the logo says the same."""
    logo = options.logo
    if logo.lower().endswith(".svg"):
        twin = logo[:-4] + ".png"
        return twin if (site.docs_dir / twin).is_file() else ""
    return logo


def frame(site: Site, options: ShareOptions) -> dict:
    """What every email shows around its entries: the network's name, logo, colour and address."""
    logo = None
    if shown := email_logo(site, options):
        logo = Picture(site.absolute(shown), "", 32, 32)
    return {"site_name": site.name, "home": tracked(site.absolute(""), "email", options), "colour": options.colour,
            "logo": logo}


def email_html(item: Item, site: Site, options: ShareOptions, now: datetime,
               pictures: FormulaPictures | None = None) -> str:
    """The snippet to paste into a newsletter, as at build time `now`: a table fragment, no <style>, no class."""
    return render.email_fragment("email.html", entry=entry(item, site, options, pictures=pictures, now=now),
                                 **frame(site, options))


def email_text(item: Item, site: Site, options: ShareOptions, now: datetime) -> str:
    return render.text("email.txt", entry=entry(item, site, options, now=now), **frame(site, options))


def document(title: str, fragment: str) -> str:
    """`fragment` as a page of its own, so it can be opened, previewed and validated."""
    return render.html("document.html", title=title, fragment=Markup(fragment))
