"""An item's full content for a feed: its Markdown body as sanitised HTML with every address absolute."""

from __future__ import annotations

import posixpath
import re
from html import escape
from html.parser import HTMLParser

from .. import charts
from ..bodies import page_address
from ..model import Item, Site, format_duration
from ..model.items import Occasion
from ..video import live
from ..sanitise import sanitise_html

# Attributes holding one address; srcset holds several and is dropped, since src always remains.
_URL_ATTRIBUTES = {"href", "src", "poster"}
_DROPPED_ATTRIBUTES = {"srcset", "sizes"}
_MATH = re.compile(r"<math\b[^>]*>.*?</math>", re.DOTALL)
# XML 1.0 forbids these characters, and lxml refuses text containing them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot carry."""
    return _NOT_XML.sub("", text)


def entry_html(item: Item, site: Site, body_html: str) -> str:
    """The item's lead (image, video) and its page's body HTML, fit for a feed reader."""
    return xml_text(absolutise(sanitise_html(_lead(item, site) + body_html, site.embeds), item, site))


def image_url(item: Item, site: Site) -> str:
    """The absolute address of the item's image, or ""."""
    if item.image is None:
        return ""
    return item.image.src if item.image.is_url else site.absolute(item.image.src)


def absolutise(html: str, item: Item, site: Site) -> str:
    """`html` with every relative href, src and poster made absolute, as the item's page resolves it."""
    rewriter = _Rewriter(lambda url: resolve(url, item, site))
    # MathML holds no address: it passes through whole rather than parsed element by element,
    # which on a bank full of formulas is most of the parsing.
    position = 0
    for match in _MATH.finditer(html):
        rewriter.feed(html[position:match.start()])
        rewriter.goahead(True)  # flush, so the formula lands after the text before it
        rewriter.out.append(match.group(0))
        position = match.end()
    rewriter.feed(html[position:])
    rewriter.close()
    return "".join(rewriter.out)


def resolve(url: str, item: Item, site: Site) -> str:
    """The absolute address of `url` as written in the item's built page."""
    return page_address(url, item, site)


def _lead(item: Item, site: Site) -> str:
    """What the item's page shows above the body and a feed reader would otherwise miss."""
    lead = []
    if item.image is not None and not item.image.is_url:
        lead.append(f'<p><img src="{escape(image_url(item, site))}" alt="{escape(xml_text(item.image.alt))}"></p>')
    if (chart := charts.picture(item, site)) is not None:  # the PNG: feed readers show no inline SVG
        beside = posixpath.relpath(charts.chart_path(item), posixpath.dirname(item.url) or ".")  # made absolute below
        lead.append(f'<p><img src="{escape(beside)}" alt="{escape(xml_text(chart[1]))}"></p>')
    if item.kind == "events" and (occasion := item.occasion) is not None:
        lead.append(_occasion_lead(item, occasion, site))
    video, duration = getattr(item, "video", None), getattr(item, "duration", None)
    if video is not None:
        where = "" if video.path else " on YouTube" if video.provider == "youtube" else " on Vimeo"
        href = site.absolute(item.url) if video.path else video.url
        length = f" ({format_duration(duration)})" if duration else ""
        lead.append(f'<p><a href="{escape(href)}">Watch the video{where}</a>{length}</p>')
    return "".join(lead)


def _occasion_lead(item: Item, occasion: Occasion, site: Site) -> str:
    """An event's when and where, and where to book, as its page says them."""
    state = "<strong>Cancelled.</strong> " if occasion.cancelled else ""
    lead = (f"<p>{state}<strong>When:</strong> {escape(xml_text(live.when(occasion, site)))}<br>"
            f"<strong>Where:</strong> {escape(xml_text(occasion.where))}</p>")
    if occasion.register_url and not occasion.cancelled:
        by = f" by {escape(live.day(occasion.register_by, site))}" if occasion.register_by else ""
        lead += f'<p><a href="{escape(occasion.register_url)}">Book your place</a>{by}</p>'
    return lead


class _Rewriter(HTMLParser):
    """Copies sanitised HTML through, rewriting address attributes; structure and text are untouched."""

    def __init__(self, resolve_url) -> None:
        super().__init__(convert_charrefs=False)
        self.resolve_url = resolve_url
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, ">"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, " />"))

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> str:
        written = []
        for name, value in attrs:
            if name in _DROPPED_ATTRIBUTES:
                continue
            if value is None:
                written.append(f" {name}")
                continue
            if name in _URL_ATTRIBUTES:
                value = self.resolve_url(value)
            written.append(f' {name}="{escape(value)}"')
        return f"<{tag}{''.join(written)}{end}"
