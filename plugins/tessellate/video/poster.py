"""A poster drawn at build time for a video without one: its title on the brand colour, an SVG on
the site's own host, so the page never shows (or fetches) a thumbnail from YouTube or Vimeo."""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from ..model import Cpd, format_duration

DEFAULT_COLOUR = "#4051b5"  # Material's indigo, for a site without a brand colour
WIDTH, HEIGHT, LINE_CHARS, MAX_LINES = 1280, 720, 30, 3
TOP = 130  # the title sits above the middle, where the page draws its play button


def poster_path(item: Cpd) -> str:
    """Where the item's drawn poster is written, beside its page's source: `cpd/x.poster.svg`."""
    return item.source.removesuffix(".md") + ".poster.svg"


def poster_svg(title: str, duration: int | None, colour: str | None) -> bytes:
    """The title (escaped, wrapped) in the colour's readable ink, with the running time under it."""
    background = colour or DEFAULT_COLOUR
    ink = "#ffffff" if _luminance(background) < 0.4 else "#111111"
    lines = textwrap.wrap(title, LINE_CHARS)[:MAX_LINES] or [""]
    if len(textwrap.wrap(title, LINE_CHARS)) > MAX_LINES:
        lines[-1] = lines[-1][: LINE_CHARS - 1] + "…"
    text = "".join(f'<text x="80" y="{TOP + n * 80}" font-size="64" font-weight="700">{escape(line)}</text>'
                   for n, line in enumerate(lines))
    if duration:
        text += f'<text x="80" y="{HEIGHT - 70}" font-size="40">{format_duration(duration)}</text>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">'
            f'<rect width="100%" height="100%" fill="{escape(background)}"/>'
            f'<g fill="{ink}" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">{text}</g>'
            "</svg>\n").encode("utf-8")


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a #rgb or #rrggbb colour."""
    hexes = colour.lstrip("#")
    hexes = "".join(c * 2 for c in hexes) if len(hexes) == 3 else hexes
    channels = [int(hexes[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
