"""An item's full content for a feed: its Markdown body as sanitised HTML with every address absolute."""

from __future__ import annotations

import posixpath
import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import markdown

from ..model import Item, Site, format_duration
from ..sanitise import sanitise_html

MARKDOWN_EXTENSIONS = ["tables", "admonition", "attr_list"]
# Attributes holding one address; srcset holds several and is dropped, since src always remains.
_URL_ATTRIBUTES = {"href", "src", "poster"}
_DROPPED_ATTRIBUTES = {"srcset", "sizes"}
# XML 1.0 forbids these characters, and lxml refuses text containing them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot carry."""
    return _NOT_XML.sub("", text)


def entry_html(item: Item, site: Site) -> str:
    """The item's lead (image, video) and body as HTML fit for a feed reader."""
    body = markdown.markdown(xml_text(item.body), extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return xml_text(absolutise(sanitise_html(_lead(item, site) + body, site.embeds), item, site))


def image_url(item: Item, site: Site) -> str:
    """The absolute address of the item's image, or ""."""
    if item.image is None:
        return ""
    return item.image.src if item.image.is_url else site.absolute(item.image.src)


def absolutise(html: str, item: Item, site: Site) -> str:
    """`html` with every relative href, src and poster made absolute, as the item's page would resolve it."""
    rewriter = _Rewriter(lambda url: resolve(url, item, site))
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


def resolve(url: str, item: Item, site: Site) -> str:
    """The absolute address of `url` written in the item's Markdown file."""
    url = url.strip()
    parts = urlsplit(url)
    page = site.absolute(item.url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
        return urljoin(page, url)
    # MkDocs rewrites a link to a file it knows relative to the Markdown file; anything else the browser
    # resolves against the page's address, so the feed does the same.
    target = posixpath.normpath(posixpath.join(posixpath.dirname(item.source), parts.path))
    if target.startswith("../") or target == ".." or not (site.docs_dir / unquote(target)).is_file():
        return urljoin(page, url)
    address = site.page_url(target) if target.endswith(".md") else target
    return site.absolute(address) + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


def _lead(item: Item, site: Site) -> str:
    """What the item's page shows above the body and a feed reader would otherwise miss."""
    lead = []
    if item.image is not None and not item.image.is_url:
        lead.append(f'<p><img src="{escape(image_url(item, site))}" alt="{escape(xml_text(item.image.alt))}"></p>')
    video, duration = getattr(item, "video", None), getattr(item, "duration", None)
    if video is not None:
        where = "" if video.path else " on YouTube" if video.provider == "youtube" else " on Vimeo"
        href = site.absolute(item.url) if video.path else video.url
        length = f" ({format_duration(duration)})" if duration else ""
        lead.append(f'<p><a href="{escape(href)}">Watch the video{where}</a>{length}</p>')
    return "".join(lead)


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
