"""Embedded activities load only when a reader asks: until then, no request leaves for their host."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')


def defer_embeds(clean_html: str) -> str:
    """Swap each (already sanitised) iframe for a button that loads it, and a link to open it instead."""
    return _IFRAME.sub(_placeholder, clean_html)


def _placeholder(match: re.Match) -> str:
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    src = attributes.get("src", "")
    host = html.escape(urlsplit(html.unescape(src)).hostname or "")
    title = attributes.get("title") or f"Activity from {host}"
    data = "".join(f' data-tx-{name}="{value}"' for name, value in sorted(attributes.items())
                   if name in ("src", "title", "width", "height", "allow", "allowfullscreen"))
    return (f'<div class="tx-embed"{data}>'
            f'<p class="tx-embed__note"><strong>{title}</strong> is hosted by {host}. '
            f"Loading it connects your browser to {host}.</p>"
            f'<p><button type="button" class="md-button md-button--primary tx-embed__load">Load it here</button> '
            f'<a href="{src}" rel="noopener">Open it on {host}</a></p></div>')
