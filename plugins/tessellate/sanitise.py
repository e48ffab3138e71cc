"""One allowlist for HTML that came from coordinators, used by pages, feeds and snippets."""

from __future__ import annotations

import html
import re
from functools import partial
from urllib.parse import urlsplit

import nh3

from .maths.mathml import ATTRIBUTES as _MATHML_ATTRIBUTES, ELEMENTS as _MATHML_ELEMENTS

_TAGS = nh3.ALLOWED_TAGS | {"iframe", "figure", "figcaption", "details", "summary", "mark", "span", "div",
                            "section", "time", "video", "source", "track", "picture"} | _MATHML_ELEMENTS
_GLOBAL = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
_ATTRIBUTES = {
    "*": _GLOBAL,
    "a": _GLOBAL | {"href", "hreflang", "download"},
    "img": _GLOBAL | {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "iframe": _GLOBAL | {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "video": _GLOBAL | {"src", "controls", "poster", "preload", "width", "height"},
    "source": {"src", "type", "srcset", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "ol": _GLOBAL | {"start", "type", "reversed"},
    "td": _GLOBAL | {"colspan", "rowspan", "align"},
    "th": _GLOBAL | {"colspan", "rowspan", "align", "scope"},
    "time": _GLOBAL | {"datetime"},
    "details": _GLOBAL | {"open"},
    # Typeset maths (maths/mathml.py): MathML Core's presentation attributes, never an href.
    **{element: _GLOBAL | _MATHML_ATTRIBUTES for element in _MATHML_ELEMENTS},
}
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
_REMOTE_IMG = re.compile(r'<img\b[^>]*\ssrc="(?:https?:)?//[^"]*"[^>]*>', re.IGNORECASE)
_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str, embeds: tuple[str, ...]) -> str:
    """Remove scripts, handlers, forms, unsafe URLs and iframes from hosts not in `embeds`."""
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                     clean_content_tags={"script", "style"}, strip_comments=True,
                     attribute_filter=partial(_allow_embed, frozenset(h.lower() for h in embeds)))
    # nh3 keeps an iframe whose src it removed; an empty frame is noise, so drop it whole.
    return _REMOTE_IMG.sub(_link_instead, _EMPTY_IFRAME.sub("", clean))


def _link_instead(match: re.Match) -> str:
    """A remote image would be a request to another site as the page loads: offer a link instead."""
    tag = match.group(0)
    src = re.search(r'\ssrc="([^"]*)"', tag).group(1)
    alt = re.search(r'\salt="([^"]*)"', tag)
    host = html.escape(urlsplit(html.unescape(src)).hostname or "another site")
    label = alt.group(1) if alt and alt.group(1) else "Image"
    return f'<a class="tx-remote-image" href="{src}" rel="noopener">{label} (image on {host})</a>'


def _allow_embed(embeds: frozenset[str], element: str, attribute: str, value: str) -> str | None:
    if element == "iframe" and attribute == "src":
        parts = urlsplit(value)
        return value if parts.scheme == "https" and (parts.hostname or "").lower() in embeds else None
    return value
